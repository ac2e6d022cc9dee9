// Pan/zoom arithmetic for the graph view. Pure.
import type { Viewport } from "./vscodeApi";

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 2.5;
/** Fitting never enlarges the graph past this (a small graph in a big view stays node-sized). */
export const MAX_FIT_ZOOM = 1.25;

/** The viewport that shows a `width`×`height` graph whole and centred in a `boxW`×`boxH` box. */
export function fitViewport(width: number, height: number, boxW: number, boxH: number, margin = 12): Viewport {
  if (width <= 0 || height <= 0 || boxW <= 0 || boxH <= 0) return { x: 0, y: 0, k: 1 };
  const k = clampZoom(Math.min((boxW - margin * 2) / width, (boxH - margin * 2) / height, MAX_FIT_ZOOM));
  return { x: (boxW - width * k) / 2, y: (boxH - height * k) / 2, k };
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
