// `npm run bench:replay`: the run viewer on a 100,000-event recording, in real headless Chromium on
// a production build (test/webview/harness.ts serves it with the real CSP page). Run by
// scripts/bench-replay.mjs. The last line printed is one JSON object with the numbers.
//
//   open   the file read from disk, read as a recording (readRecording: parse + schema check of
//          every line), turned into the view's story (every message through the engine) in a
//          worker thread (the extension host) while a fresh run viewer page loads (as VS Code opens
//          the editor's webview without waiting for the file), then sent as VS Code does (JSON text)
//          until the page has painted the graph with the run's final statuses and the timeline at the end;
//   floor  reading the same file and JSON.parse of every line: the least any viewer must do,
//          measured just before each open; open_ratio is the median of the rounds' open / floor;
//   scrub  a jump of the slider to where a random superstep closed, until the next frame after
//          the page changed (statuses, supersteps, tokens); ≥ 50 jumps, p95.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { recordingText } from "../src/engine/recording/writeRecording";
import { positionAtTime, type ViewRecording } from "../src/engine/recording/storyView";
import { Worker } from "node:worker_threads";
import type { RecordingMessage } from "../src/shared/protocol";
import { startHarness } from "../test/webview/harness";
import { benchRecording } from "./replayRecording";

const EVENTS = 100_000;
const TURNS = 10;
/** Rounds of floor then open; each open is compared with the floor measured just before it (the same load). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SCRUBS = 60;

/** What scripts/bench-replay.mjs passes in. */
export interface ReplayBenchOptions {
  root: string;
  /** The production webview build. */
  dist: string;
  /** bench/replayHost.ts built for Node (a worker thread script). */
  hostWorker: string;
}

export interface ReplayBenchResult {
  open_ms: number;
  floor_ms: number;
  open_ratio: number;
  scrub_p95_ms: number;
  events: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Nearest-rank percentile. */
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

function floor(file: string): number {
  const started = performance.now();
  const text = readFileSync(file, "utf8");
  let records = 0;
  for (let start = 0; start < text.length; ) {
    let stop = text.indexOf("\n", start);
    if (stop < 0) stop = text.length;
    if (stop > start) {
      JSON.parse(text.slice(start, stop));
      records++;
    }
    start = stop + 1;
  }
  if (records < EVENTS) throw new Error(`the floor read only ${records} records`);
  return performance.now() - started;
}

/** In the page: resolves after the graph is drawn with `node` at `status`, the timeline at `count`, and a frame painted. */
const PAINTED = `(async ({ node, status, count }) => {
  const ready = () => document.querySelector('.graph [data-node-id="' + node + '"][data-status="' + status + '"]') && document.querySelector('input[type=range]')?.dataset.position === String(count);
  const started = performance.now();
  while (!ready()) {
    if (performance.now() - started > 120000) throw new Error("the recording was not drawn in 120 s");
    await new Promise((ok) => requestAnimationFrame(ok));
  }
  await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok)));
  return { waited: performance.now() - started, layouts: performance.getEntriesByName("graph-layout", "measure").map((m) => [Math.round(m.startTime), Math.round(m.duration)]), now: Math.round(performance.now()) };
})`;

/** In the page: slides to each time, timing until the frame after the page changed. */
const SCRUB = `(async ({ jumps }) => {
  const slider = document.querySelector('input[type=range]');
  const out = [];
  for (const { time, position } of jumps) {
    await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok)));
    const started = performance.now();
    slider.value = String(time);
    slider.dispatchEvent(new Event("input", { bubbles: true }));
    await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok)));
    if (slider.dataset.position !== String(position)) throw new Error("slid to " + slider.dataset.position + ", not " + position);
    out.push(performance.now() - started);
  }
  return out;
})`;

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** `--profile`: the functions with the most self time in the page while the recording opens. */
function printProfile(profile: Profile): void {
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  for (const [key, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${key}`);
}

export async function runReplayBench(options: ReplayBenchOptions): Promise<ReplayBenchResult> {
  const file = path.join(tmpdir(), `lgd-bench-replay-${process.pid}.lgrun`);
  const made = performance.now();
  writeFileSync(file, recordingText(benchRecording(options.root, EVENTS, TURNS)));
  console.log(`recording: ${EVENTS} events in ${TURNS} turns of the recorded agent run, ${(readFileSync(file).length / 1e6).toFixed(0)} MB, made in ${(performance.now() - made).toFixed(0)} ms`);
  const harness = await startHarness({ root: options.root, dist: options.dist });
  try {
    const floors: number[] = [];
    const opens: number[] = [];
    let last: { rec: ViewRecording; page: Awaited<ReturnType<typeof harness.open>> } | undefined;
    // The extension host is running before any file is opened (and stays up between them).
    const host = new Worker(options.hostWorker);
    await new Promise((ok) => host.once("message", ok));
    for (let round = 0; round < ROUNDS; round++) {
      floors.push(floor(file));
      const started = performance.now();
      // Read in the host while the editor's webview loads (RunViewerProvider does not wait for the file).
      const reading = new Promise<string>((ok, fail) => {
        host.once("message", ok);
        host.once("error", fail);
      }).then((text) => ({ text, at: performance.now() }));
      host.postMessage(file);
      const page = await harness.open({ mode: "recording", width: 1000, height: 800 });
      const pageAt = performance.now();
      const { text: json, at: hostAt } = await reading;
      const rec = (JSON.parse(json) as RecordingMessage).recording;
      const pageReady = performance.now();
      const profiler = process.argv.includes("--profile") && round === 0 ? await page.page.context().newCDPSession(page.page) : undefined;
      if (profiler) {
        await profiler.send("Profiler.enable");
        await profiler.send("Profiler.setSamplingInterval", { interval: 500 });
        await profiler.send("Profiler.start");
      }
      // As VS Code delivers it: JSON text over IPC, parsed, then posted into the webview's frame.
      const url = harness.serve("recording.json", json);
      await page.page.evaluate(`fetch(${JSON.stringify(url)}).then((r) => r.text()).then((text) => window.postMessage(JSON.parse(text), "*"))`);
      const posted = performance.now();
      const painted = await page.page.evaluate(`${PAINTED}(${JSON.stringify({ node: "agent", status: "done", count: rec.count })})`);
      if (process.argv.includes("--profile")) console.log("painted", JSON.stringify(painted));
      if (profiler) printProfile((await profiler.send("Profiler.stop")).profile as Profile);
      opens.push(performance.now() - started);
      console.log(`round ${round + 1}: floor ${floors.at(-1)!.toFixed(0)} ms; open ${opens.at(-1)!.toFixed(0)} ms (host ${(hostAt - started).toFixed(0)} while the page loaded in ${(pageAt - started).toFixed(0)}, post ${(posted - pageReady).toFixed(0)} → painted ${(performance.now() - posted).toFixed(0)}; ${(json.length / 1e6).toFixed(1)} MB posted)`);
      if (last) await last.page.page.close();
      last = { rec, page };
    }
    void host.terminate();
    const { rec, page } = last!;
    // A fixed seed: the same jumps every run.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const jumps = Array.from({ length: SCRUBS }, () => {
      const step = rec.steps[Math.floor(random() * rec.steps.length)];
      const time = step.at >= 0 ? rec.times[step.at] : 0;
      return { time, position: positionAtTime(rec, time) };
    });
    const profiler = process.argv.includes("--profile-scrub") ? await page.page.context().newCDPSession(page.page) : undefined;
    if (profiler) {
      await profiler.send("Profiler.enable");
      await profiler.send("Profiler.setSamplingInterval", { interval: 200 });
      await profiler.send("Profiler.start");
    }
    const scrubs = (await page.page.evaluate(`${SCRUB}(${JSON.stringify({ jumps })})`)) as number[];
    if (profiler) printProfile((await profiler.send("Profiler.stop")).profile as Profile);
    console.log(`scrub to a random step (${SCRUBS} jumps over ${rec.steps.length} steps): p50 ${median(scrubs).toFixed(1)} ms, p95 ${percentile(scrubs, 95).toFixed(1)} ms, max ${Math.max(...scrubs).toFixed(1)} ms`);
    const ratios = opens.map((o, i) => o / floors[i]);
    console.log(`open / floor per round: ${ratios.map((r) => r.toFixed(2)).join(", ")}`);
    return { open_ms: Math.round(median(opens)), floor_ms: Math.round(median(floors)), open_ratio: Math.round(median(ratios) * 100) / 100, scrub_p95_ms: Math.round(percentile(scrubs, 95) * 10) / 10, events: rec.count };
  } finally {
    await harness.close();
    rmSync(file, { force: true });
  }
}
