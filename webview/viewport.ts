// Pan/zoom arithmetic for the graph view. Pure.

/** Pan and zoom of the graph: screen = graph × k + (x, y). */
export interface Viewport {
  x: number;
  y: number;
  k: number;
}

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 2.5;
/** Fitting never enlarges the graph past this (a small graph in a big view stays node-sized). */
export const MAX_FIT_ZOOM = 1.25;

/**
 * The viewport that shows a `width`×`height` graph whole and centred in a `boxW`×`boxH` box. A graph
 * too big for that even at MIN_ZOOM shows its start: its top (and left) edge at the margin, not its middle.
 */
export function fitViewport(width: number, height: number, boxW: number, boxH: number, margin = 12): Viewport {
  if (width <= 0 || height <= 0 || boxW <= 0 || boxH <= 0) return { x: 0, y: 0, k: 1 };
  const k = clampZoom(Math.min((boxW - margin * 2) / width, (boxH - margin * 2) / height, MAX_FIT_ZOOM));
  const start = (size: number, room: number) => (size * k > room - margin * 2 + 0.5 ? margin : (room - size * k) / 2);
  return { x: start(width, boxW), y: start(height, boxH), k };
}

/** Zooms by `factor` keeping the graph point under screen point (px, py) in place. */
export function zoomAt(v: Viewport, factor: number, px: number, py: number): Viewport {
  const k = clampZoom(v.k * factor);
  const ratio = k / v.k;
  return { k, x: px - (px - v.x) * ratio, y: py - (py - v.y) * ratio };
}

/** Zoom bounded to [MIN_ZOOM, MAX_ZOOM]. */
export function clampZoom(k: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));
}

/** A rectangle in graph coordinates. */
export interface Area {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * What a big graph's view draws (graph coordinates): the part on screen and at least half a screen
 * around it, snapped to a grid of half screens at a zoom rounded down to a power of √2, so that a
 * pan or zoom changes it only every half screen or √2, not on every frame.
 */
export function drawArea(v: Viewport, boxW: number, boxH: number): Area {
  const kStep = Math.pow(2, Math.floor(Math.log2(v.k) * 2) / 2);
  // At most v.k, so a cell is at least half of what is on screen.
  const cellW = boxW / kStep / 2;
  const cellH = boxH / kStep / 2;
  const left = -v.x / v.k;
  const top = -v.y / v.k;
  return {
    left: (Math.floor(left / cellW) - 1) * cellW,
    top: (Math.floor(top / cellH) - 1) * cellH,
    right: (Math.ceil((left + boxW / v.k) / cellW) + 1) * cellW,
    bottom: (Math.ceil((top + boxH / v.k) / cellH) + 1) * cellH,
  };
}

export function sameArea(a: Area, b: Area): boolean {
  return a.left === b.left && a.top === b.top && a.right === b.right && a.bottom === b.bottom;
}
