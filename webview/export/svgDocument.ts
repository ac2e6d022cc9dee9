// The laid-out graph → a standalone SVG document: every box, edge and name as drawn, coloured with
// the theme's colours resolved to values (an exported file cannot read `--vscode-*`), each node's
// status as its border and a mark. Pure (no DOM): the palette is read by palette.ts.
import type { NodeStatus } from "../../src/shared/protocol";
import type { Geometry, NodeBox } from "../layout/geometry";
import { nodeName } from "../../src/shared/names";

/** Resolved colours (any CSS colour an SVG viewer reads) and the font. */
export interface SvgPalette {
  background: string;
  foreground: string;
  muted: string;
  nodeFill: string;
  nodeBorder: string;
  groupFill: string;
  groupBorder: string;
  status: Record<Exclude<NodeStatus, "idle">, string>;
  fontFamily: string;
}

/** Escapes text and attribute values for XML. */
export function xmlEscape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] ?? c);
}

const n = (v: number) => String(Math.round(v * 10) / 10);

/**
 * `fill="…"` / `stroke="…"` for a theme colour. Themes use #rrggbbaa, which SVG 1.1 viewers (and
 * some editors) do not read: the alpha goes to `fill-opacity` / `stroke-opacity` instead.
 */
export function paint(attribute: "fill" | "stroke", colour: string): string {
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(colour);
  const long = short ? `#${short.slice(1).map((c) => c + c).join("")}` : colour;
  const m = /^#([0-9a-f]{6})([0-9a-f]{2})$/i.exec(long);
  if (!m) return `${attribute}="${xmlEscape(colour)}"`;
  return `${attribute}="#${m[1]}" ${attribute}-opacity="${Math.round((parseInt(m[2], 16) / 255) * 100) / 100}"`;
}

function statusColour(palette: SvgPalette, status: NodeStatus): string | undefined {
  return status === "idle" ? undefined : palette.status[status];
}

function group(box: NodeBox, status: NodeStatus, p: SvgPalette): string {
  const stroke = statusColour(p, status) ?? p.groupBorder;
  return [
    `<g data-node-id="${xmlEscape(box.id)}" data-status="${status}">`,
    `<title>${xmlEscape(`${nodeName(box.id)} (subgraph): ${status}`)}</title>`,
    `<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="8" ${paint("fill", p.groupFill)} ${paint("stroke", stroke)} stroke-dasharray="4 3"/>`,
    `<text x="${n(box.x + 10)}" y="${n(box.y + 14)}" dominant-baseline="central" font-weight="600" ${paint("fill", p.foreground)}>${xmlEscape(nodeName(box.label))}</text>`,
    `</g>`,
  ].join("");
}

function node(box: NodeBox, status: NodeStatus, p: SvgPalette): string {
  const colour = statusColour(p, status);
  const terminal = box.kind === "terminal";
  const cy = box.y + box.height / 2;
  const name = nodeName(box.label);
  const mark = terminal
    ? `<circle cx="${n(box.x + 11)}" cy="${n(cy)}" r="3.5" ${paint("fill", colour ?? p.muted)}/>`
    : `<circle cx="${n(box.x + 14)}" cy="${n(cy)}" r="4.5" ${paint("fill", colour ?? "none")} ${paint("stroke", colour ?? p.muted)} stroke-width="1.5"/>`;
  return [
    `<g data-node-id="${xmlEscape(box.id)}" data-status="${status}">`,
    `<title>${xmlEscape(`${nodeName(box.id)}: ${status}`)}</title>`,
    `<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="${terminal ? n(box.height / 2) : "6"}"`,
    ` ${paint("fill", terminal ? p.background : p.nodeFill)} ${paint("stroke", colour ?? p.nodeBorder)} stroke-width="${colour ? 2 : 1}"${box.kind === "collapsed" ? ' stroke-dasharray="6 2"' : ""}/>`,
    mark,
    `<text x="${n(box.x + (terminal ? 19 : 26))}" y="${n(cy)}" dominant-baseline="central" font-size="${terminal ? 11 : 13}" ${paint("fill", terminal ? p.muted : p.foreground)}>${xmlEscape(name)}</text>`,
    `</g>`,
  ].join("");
}

/** A standalone SVG document of `geometry`; `statuses` by drawn node id (missing: idle). */
export function svgDocument(geometry: Geometry, statuses: Record<string, NodeStatus>, palette: SvgPalette, title?: string): string {
  const { width, height } = geometry;
  const statusOf = (id: string): NodeStatus => statuses[id] ?? "idle";
  const groups = geometry.nodes.filter((b) => b.kind === "group");
  const boxes = geometry.nodes.filter((b) => b.kind !== "group");
  const edges = geometry.edges.map(
    (e) =>
      `<path data-edge="${xmlEscape(e.key)}" d="${e.d}" fill="none" ${paint("stroke", palette.muted)} stroke-width="1.5"${e.conditional ? ' stroke-dasharray="5 4"' : ""} marker-end="url(#arrow)"/>`,
  );
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" font-family="${xmlEscape(palette.fontFamily)}" font-size="13">`,
    title ? `<title>${xmlEscape(title)}</title>` : "",
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" ${paint("fill", palette.muted)}/></marker></defs>`,
    `<rect width="100%" height="100%" ${paint("fill", palette.background)}/>`,
    ...groups.map((b) => group(b, statusOf(b.id), palette)),
    ...edges,
    ...boxes.map((b) => node(b, statusOf(b.id), palette)),
    `</svg>`,
    "",
  ]
    .filter((line) => line !== "")
    .join("\n");
}
