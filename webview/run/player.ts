// Plays a recording in the run viewer: at 1× and 10× the scrubber follows the recorded receive
// times (pauses between runs cut short, see storyView.ts); at `max` it moves on every frame.
import { positionAtTime } from "../../src/engine/recording/storyView";
import { view } from "../state.svelte";
import { showPosition } from "./scrub";

/** At `max`, the whole recording plays in about this many frames (and never slower than an event a frame). */
const MAX_FRAMES = 240;

let frame: number | undefined;
let clock = 0;
let lastFrame = 0;
let lastShown = -1;

/** The recording's clock (ms since its first event) at position `p`. */
export function timeAt(p: number): number {
  const times = view.recording?.times;
  return times && p > 0 ? times[Math.min(p, times.length) - 1] : 0;
}

/** Moves the scrubber (by hand: playing goes on from there). */
export function seek(p: number): void {
  showPosition(p);
  clock = timeAt(view.position);
}

export function play(): void {
  const rec = view.recording;
  if (!rec || view.playing) return;
  if (view.position >= rec.count) seek(0);
  view.playing = true;
  clock = timeAt(view.position);
  lastShown = view.position;
  lastFrame = performance.now();
  frame = requestAnimationFrame(tick);
}

export function pause(): void {
  view.playing = false;
  if (frame !== undefined) cancelAnimationFrame(frame);
  frame = undefined;
}

function tick(now: number): void {
  const rec = view.recording;
  if (!rec || !view.playing) return pause();
  // Moved by hand since the last frame: go on from there.
  if (view.position !== lastShown) clock = timeAt(view.position);
  const elapsed = Math.min(now - lastFrame, 250);
  lastFrame = now;
  if (view.speed === "max") {
    showPosition(view.position + Math.max(1, Math.ceil(rec.count / MAX_FRAMES)));
  } else {
    clock += elapsed * view.speed;
    const p = positionAtTime(rec, clock);
    if (p !== view.position) showPosition(p);
  }
  lastShown = view.position;
  if (view.position >= rec.count) pause();
  else frame = requestAnimationFrame(tick);
}
