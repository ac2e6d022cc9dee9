#!/usr/bin/env node
/**
 * The test rig's server starters for plain Node scripts (demo, capture, benchmarks). The logic
 * lives in test/support/servers.ts (typed, used by the test tiers), bundled by loadTs.mjs.
 *
 *   import { startServer } from "./start-sample-server.mjs";
 *   node scripts/start-sample-server.mjs [--python] [--port N]   # start, print the URL, stop on Ctrl-C
 *
 * Importing it also makes SIGINT, SIGTERM and SIGHUP stop the servers this process started
 * before exiting (servers run in their own process group, so they would not get the signal).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadTsModule } from "./loadTs.mjs";

const rig = await loadTsModule("test/support/servers.ts");

/** Start a sample server: `startServer("js" | "python")`; see test/support/servers.ts. */
export const startServer = rig.startServer;
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
  const server = process.argv.includes("--python") ? await rig.startPythonServer() : await startJsServer({ port });
  console.log(`LangGraph ${server.kind} sample server ready at ${server.url} (${Date.now() - started} ms). Ctrl-C stops it.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
