// An SVG document → PNG bytes (base64), drawn on a canvas from an <img> of a data: URL (the CSP
// allows `img-src data:`; a blob: URL would need the CSP widened).

/** Largest side of the PNG in pixels (browsers refuse bigger canvases). */
const MAX_SIDE = 8192;

/** Rasterises `svg` (of `width` × `height`) at `scale` (lowered to fit MAX_SIDE); returns base64 PNG data. */
export async function svgToPngBase64(svg: string, width: number, height: number, scale = 2): Promise<string> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const k = Math.min(scale, MAX_SIDE / Math.max(width, height, 1));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.ceil(width * k));
  canvas.height = Math.max(1, Math.ceil(height * k));
  const context = canvas.getContext("2d");
  if (!context) throw new Error("The webview has no 2D canvas to draw the PNG on.");
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  const url = canvas.toDataURL("image/png");
  return url.slice(url.indexOf(",") + 1);
}
