#!/usr/bin/env node
// `npm run bench:debug [-- --python] [-- --steps N]`: the time a debugger step takes (`next` to
// `stopped` with Variables answered) against one superstep and a state read with the SDK, on the
// real sample server (JS by default). Builds the adapter as it ships (production) into .cache, starts
// the server on a free port, runs bench/debugBench.ts. Its last line of output is one JSON object.
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { debugAdapterOptions } from "../esbuild.mjs";
import { loadTsModule } from "./loadTs.mjs";
import { startServer, stopAllServers } from "./start-sample-server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stepsFlag = process.argv.indexOf("--steps");
const steps = stepsFlag > 0 ? Number(process.argv[stepsFlag + 1]) : 50;
if (!Number.isInteger(steps) || steps < 2) throw new Error("bench-debug: --steps needs a whole number ≥ 2");
const kind = process.argv.includes("--python") ? "python" : "js";

const outdir = path.join(root, ".cache", `bench-debug-adapter-${process.pid}`);
try {
  await build({ ...debugAdapterOptions(true), absWorkingDir: root, outdir, logLevel: "warning" });
  const { runDebugBench } = await loadTsModule("bench/debugBench.ts");
  const started = Date.now();
  const server = await startServer(kind);
  console.log(`LangGraph ${kind} sample server ready in ${Date.now() - started} ms`);
  const result = await runDebugBench({ apiUrl: server.url, adapter: path.join(outdir, "debugAdapter.js"), cwd: root, steps, warmupRounds: 3 });
  console.log(JSON.stringify({ ...result, server: kind }));
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await stopAllServers();
  rmSync(outdir, { recursive: true, force: true });
}
