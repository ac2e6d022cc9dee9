#!/usr/bin/env node
// `npm run bench:replay`: the run viewer opening and scrubbing a 100,000-event recording in real
// headless Chromium, on a production build of the webview (see bench/replayBench.ts). Its last
// line of output is one JSON object: {"open_ms", "floor_ms", "open_ratio", "scrub_p95_ms", …}.
// Goals: open_ratio ≤ 3 (open against reading + JSON.parse of the same file), scrub_p95_ms ≤ 50.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { copyCodicons, webviewOptions } from "../esbuild.mjs";
import { loadTsModule } from "./loadTs.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const work = mkdtempSync(path.join(tmpdir(), "lgd-bench-replay-"));
const dist = path.join(work, "webview");
try {
  await esbuild.build({ ...webviewOptions(true, dist), logLevel: "warning" });
  copyCodicons(dist);
  // In the repository (.cache, git-ignored), so the worker finds the packages.
  const hostWorker = path.join(root, ".cache", `replayHost-${process.pid}.mjs`);
  await esbuild.build({ absWorkingDir: root, entryPoints: ["bench/replayHost.ts"], outfile: hostWorker, bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "warning" });
  const { runReplayBench } = await loadTsModule("bench/replayBench.ts");
  const result = await runReplayBench({ root, dist, hostWorker });
  console.log(JSON.stringify(result));
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
  rmSync(path.join(root, ".cache", `replayHost-${process.pid}.mjs`), { force: true });
}
