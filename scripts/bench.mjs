#!/usr/bin/env node
// `npm run bench`: builds bench/engineBench.ts (and the replay server's own process,
// bench/replayServerProcess.ts) with esbuild into a temporary folder and runs it with
// `node --expose-gc`. Its last line of output is one JSON object with the measured numbers.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = mkdtempSync(path.join(tmpdir(), "lgd-bench-"));
try {
  await build({
    entryPoints: [path.join(root, "bench", "engineBench.ts"), path.join(root, "bench", "replayServerProcess.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
    // Some bundled CommonJS dependencies call require(): give the ESM bundle one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const fixtures = path.join(root, "test", "fixtures", "js");
  const outfile = path.join(outDir, "engineBench.mjs");
  const result = spawnSync(process.execPath, ["--expose-gc", outfile, fixtures, ...process.argv.slice(2)], { stdio: "inherit", cwd: root });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
