#!/usr/bin/env node
/**
 * The test rig's server starter for plain Node scripts (demo, capture, benchmarks).
 * The logic lives in test/support/langgraphServer.ts (typed, used by the test tiers);
 * this file compiles it with esbuild into .cache/ and re-exports it.
 *
 *   import { startJsServer } from "./start-sample-server.mjs";
 *   node scripts/start-sample-server.mjs [--port N]   # start, print the URL, stop on Ctrl-C
 *
 * Importing it also makes SIGINT, SIGTERM and SIGHUP stop the servers this process started
 * before exiting (servers run in their own process group, so they would not get the signal).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sources = ["langgraphServer.ts", "serverProcess.ts", "freePort.ts"].map((name) => path.join(repoRoot, "test", "support", name));

/** Compile the rig once per source version (the hash names the output file). */
async function loadRig() {
  const hash = createHash("sha256");
  for (const file of sources) hash.update(readFileSync(file));
  const outfile = path.join(repoRoot, ".cache", `sample-server-${hash.digest("hex").slice(0, 12)}.mjs`);
  if (!existsSync(outfile)) {
    mkdirSync(path.dirname(outfile), { recursive: true });
    await build({
      entryPoints: [sources[0]],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      logLevel: "warning",
    });
  }
  return import(pathToFileURL(outfile).href);
}

const rig = await loadRig();

/** Start the sample LangGraph.js dev server; see test/support/langgraphServer.ts. */
export const startJsServer = rig.startJsServer;
/** Poll `<url>/ok` until it answers 200. */
export const waitForOk = rig.waitForOk;
/** Stop every server this process started. */
export const stopAllServers = rig.stopAllServers;

const EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
for (const [signal, code] of Object.entries(EXIT_CODES)) {
  process.once(signal, () => {
    stopAllServers().finally(() => process.exit(code));
  });
}

async function main() {
  const portFlag = process.argv.indexOf("--port");
  const port = portFlag > 0 ? Number(process.argv[portFlag + 1]) : undefined;
  if (port !== undefined && !Number.isInteger(port)) throw new Error("start-sample-server: --port needs a number");
  const started = Date.now();
  const server = await startJsServer({ port });
  console.log(`LangGraph.js sample server ready at ${server.url} (${Date.now() - started} ms). Ctrl-C stops it.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
