/**
 * One sample server of each kind shared by the test files of a tier (started by serverBroker.ts,
 * the tier's globalSetup). A file that needs no fresh state uses it instead of starting its own:
 * each test makes its own threads, so files stay independent. Without the broker (a project
 * without that globalSetup, or a plain script) it starts a fresh server, as startServer does.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, inject } from "vitest";
import { LangGraphClient } from "../../src/engine/client";
import type { SharedServerInfo } from "./serverBroker";
import { startServer, type RunningServer, type ServerKind } from "./servers";

/**
 * The tier's shared server of this kind. Its stop() does nothing (the tier stops it at the end);
 * never stop, restart or edit it: start a server of your own for that.
 */
export async function sharedServer(kind: ServerKind): Promise<RunningServer> {
  const broker = inject("lgdServerBroker");
  if (!broker) return startServer(kind);
  const response = await fetch(`${broker}/server/${kind}`, { method: "POST" });
  if (!response.ok) throw new Error(`sharedServer(${kind}): ${await response.text()}`);
  const info = (await response.json()) as SharedServerInfo;
  return {
    kind: info.kind,
    url: info.url,
    port: info.port,
    projectDir: info.projectDir,
    logs: () => readFileSync(info.logFile, "utf8"),
    stop: async () => undefined,
  };
}

/** What a describe block's tests run on: the shared sample server of one kind and a client of it. */
export interface SharedDeployment {
  server: RunningServer;
  client: LangGraphClient;
}

/**
 * Registers the hooks that give a describe block the shared sample server of `kind`. The fields are
 * set before its tests run: read them inside the tests.
 */
export function onSharedDeployment(kind: ServerKind): SharedDeployment {
  const deployment = {} as SharedDeployment;
  beforeAll(async () => {
    deployment.server = await sharedServer(kind);
    deployment.client = new LangGraphClient({ apiUrl: deployment.server.url });
  });
  afterAll(async () => {
    await deployment.server?.stop();
  });
  return deployment;
}
