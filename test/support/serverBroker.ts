/**
 * Vitest globalSetup of the integration and debug tiers: one sample server of each kind per tier
 * run, started the first time a test file asks for it (see sharedServer in sharedServers.ts) and
 * stopped when the tier ends. A JS dev server takes 10–15 s to start on two loaded cores, a Python
 * one 5–7 s; one per file was most of those tiers' time.
 *
 * The test files run in other processes, so they ask over HTTP: `POST /server/<kind>` answers
 * the running server's address (starting it on the first ask), or 500 with the start's error.
 */
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { LangGraphClient } from "../../src/engine/client";
import { startJsServer, startPythonServer, type RunningServer, type ServerKind } from "./servers";

/** What a test file learns about a shared server. */
export interface SharedServerInfo {
  kind: ServerKind;
  url: string;
  port: number;
  projectDir: string;
  /** The server's output so far (the broker's process holds the server). */
  logFile: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The broker's URL; absent in projects without this globalSetup. */
    lgdServerBroker: string;
  }
}

/**
 * Reads every graph's schemas once, all at once, and waits for them. The JS server compiles a graph's
 * TypeScript to answer its first schemas read (~7 CPU-seconds) and keeps the answer, but a read that
 * comes while that compile runs starts another: the debug tier's sessions, a second or two apart, each
 * read their graph's schemas at launch, and its server compiled 21 times for 6 graphs (~150 CPU-seconds,
 * answers taking up to 60 s). Read here first, each graph compiles once. Best effort: a read that
 * fails here fails again, and is reported, in the test that makes it.
 */
async function readEverySchemaOnce(server: RunningServer): Promise<RunningServer> {
  const client = new LangGraphClient({ apiUrl: server.url });
  const assistants = await client.assistants.search().catch(() => []);
  await Promise.allSettled(assistants.map((assistant) => client.assistants.schemas(assistant.assistant_id)));
  return server;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const logsDir = mkdtempSync(path.join(tmpdir(), "lgd-shared-servers-"));
  // The integration tier reads few schemas, from files minutes apart: compiling every graph would cost it more.
  const warmSchemas = project.name === "debug";
  const starting = new Map<ServerKind, Promise<RunningServer>>();
  const start = (kind: ServerKind): Promise<RunningServer> => {
    let server = starting.get(kind);
    if (!server) {
      const logFile = path.join(logsDir, `${kind}.log`);
      server = kind === "js" ? startJsServer({ logFile }) : startPythonServer({ logFile });
      if (kind === "js" && warmSchemas) server = server.then(readEverySchemaOnce);
      // A failed start is tried again by the next file that asks (and reported to each).
      server.catch(() => starting.delete(kind));
      starting.set(kind, server);
    }
    return server;
  };

  const broker: Server = createServer((request, response) => {
    const kind = /^\/server\/(js|python)$/.exec(request.url ?? "")?.[1] as ServerKind | undefined;
    if (request.method !== "POST" || !kind) {
      response.writeHead(404).end();
      return;
    }
    start(kind).then(
      (server) => {
        const info: SharedServerInfo = { kind, url: server.url, port: server.port, projectDir: server.projectDir, logFile: path.join(logsDir, `${kind}.log`) };
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(info));
      },
      (error: unknown) => response.writeHead(500).end(error instanceof Error ? error.message : String(error)),
    );
  });
  // A cold start waits on a busy machine for well over the default 5 s keep-alive of a request.
  broker.requestTimeout = 0;
  await new Promise<void>((resolve) => broker.listen(0, "127.0.0.1", resolve));
  const address = broker.address();
  if (!address || typeof address === "string") throw new Error("serverBroker: no port");
  project.provide("lgdServerBroker", `http://127.0.0.1:${address.port}`);

  return async () => {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    const servers = await Promise.allSettled(starting.values());
    await Promise.all(servers.map((s) => (s.status === "fulfilled" ? s.value.stop() : undefined)));
    rmSync(logsDir, { recursive: true, force: true });
  };
}
