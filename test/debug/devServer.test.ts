// `"server": "start"`: the standalone adapter starts `langgraph dev` for the sample project on a free
// port, says where (and where its debugger listens) in a custom event, runs to a breakpoint on it, and
// stops the server's whole process group when the session ends, also when the adapter itself goes away.
import type { ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ServerStarted } from "../../src/debug/sessionServer";
import { startDevServer } from "../../src/engine/devServer";
import { DapHarness, ensureAdapterBuilt, userSays } from "../support/dapHarness";
import { FANOUT } from "../support/fanoutEdits";
import { copyOfJsProject, repoRoot } from "../support/langgraphServer";

const root = repoRoot();
const FAST = { configurable: { delay_ms: 0 } };
const SERVER_STARTED = "langgraph/serverStarted";
const SERVERS = (process.env.LGD_SERVERS?.split(",") ?? ["js", "python"]).filter((k) => k === "js" || k === "python");

/** Processes of a process group still running (not zombies), read from /proc. */
function groupMembers(pgid: number): string[] {
  const found: string[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const [state, , group] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(group) === pgid && state !== "Z") found.push(readFileSync(`/proc/${name}/cmdline`, "utf8").replace(/\0/g, " ").trim());
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function until(what: string, probe: () => boolean, timeoutMs = 15_000): Promise<void> {
  for (const started = Date.now(); !probe(); await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
  }
}

const answers = (url: string) => fetch(`${url}/ok`, { signal: AbortSignal.timeout(2_000) }).then(() => true, () => false);

describe.each(SERVERS)("launch with \"server\": \"start\" on the %s sample", (kind) => {
  const harness = new DapHarness();
  const project = path.join(root, "examples", kind);

  beforeAll(ensureAdapterBuilt);

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") console.log(`Debug Console of the failed test:\n${harness.text()}`);
    await harness.stop();
  });

  it("starts the server on a free port, stops at a breakpoint on it, and terminate stops every process of the server", async () => {
    const { launched } = await harness.start("launch", { server: "start", project, assistant: "agent", input: userSays("weather in Paris?"), config: FAST }, { functionBreakpoints: [{ name: "tools" }] });
    const started = (await harness.dc!.waitForEvent(SERVER_STARTED, 120_000)).body as ServerStarted;
    await launched;
    expect(started).toMatchObject({ kind, project, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), debugPort: expect.any(Number) });
    expect(started.url).not.toContain(":2024");
    expect(await harness.stopped()).toMatchObject({ reason: "function breakpoint", description: "Paused before tools" });
    expect(await harness.frames()).toEqual(["tools"]);
    expect(harness.text()).toMatch(/langgraph dev \((js|python)\) is up at http/);
    expect(groupMembers(started.pid).length).toBeGreaterThan(0);
    if (kind === "js") expect(await inspectorTargets(started.debugPort!)).toEqual([expect.stringMatching(/langgraph-api\/dist\/cli\/entrypoint\.mjs$/)]);

    const end = harness.terminated();
    await harness.dc!.terminateRequest();
    await end;
    await harness.dc!.disconnectRequest({});
    await until("the server's processes to exit", () => groupMembers(started.pid).length === 0);
    expect(await answers(started.url)).toBe(false);
  });

  it("stops the server when the adapter process is terminated mid-session (SIGTERM, no disconnect), and leaves no scratch folder", async () => {
    const scratchBefore = scratchFolders();
    await harness.start("launch", { server: "start", project, assistant: "agent", input: userSays("weather in Paris?"), config: FAST, stopOnEntry: true });
    const started = (await harness.dc!.waitForEvent(SERVER_STARTED, 120_000)).body as ServerStarted;
    await harness.stopped();
    expect(await answers(started.url)).toBe(true);
    const adapter = (harness.dc as unknown as { _adapterProcess: ChildProcess })._adapterProcess;
    const exited = new Promise((resolve) => adapter.once("exit", resolve));
    adapter.kill("SIGTERM");
    await exited;
    harness.dc = undefined; // nothing left to disconnect from
    await until("the server's processes to exit", () => groupMembers(started.pid).length === 0);
    expect(await answers(started.url)).toBe(false);
    // The debug tier runs one file at a time: a folder new since the start is this session's.
    expect(scratchFolders().filter((f) => !scratchBefore.includes(f))).toEqual([]);
  });
});

/** The dev servers' scratch folders in the temp folder (startDevServer makes one per server). */
function scratchFolders(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith("lgd-dev-server-"));
}

/** The Node inspector's targets (their titles: the script each process runs). */
async function inspectorTargets(port: number): Promise<string[]> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { title: string }[];
  return targets.map((t) => t.title);
}

describe.skipIf(!SERVERS.includes("js"))("the JS dev server's inspector", () => {
  it("opens only in the process that runs the graphs, and again on the same port after a hot reload", async () => {
    const project = await copyOfJsProject();
    const server = await startDevServer({ project, debug: true });
    try {
      const port = server.debugPort!;
      const before = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { id: string }[];
      expect(before).toHaveLength(1);
      // A save (the same bytes) makes `tsx watch` restart the graphs' process.
      const file = path.join(project, "src", "weatherTool.ts");
      const now = new Date();
      utimesSync(file, now, now);
      let after: { id: string }[] = [];
      for (const started = Date.now(); Date.now() - started < 20_000; await new Promise((r) => setTimeout(r, 200))) {
        after = (await fetch(`http://127.0.0.1:${port}/json/list`).then((r) => r.json(), () => [])) as { id: string }[];
        if (after.length === 1 && after[0].id !== before[0].id) break;
      }
      expect(after).toHaveLength(1);
      expect(after[0].id).not.toBe(before[0].id);
      expect(await inspectorTargets(port)).toEqual([expect.stringMatching(/entrypoint\.mjs$/)]);
    } finally {
      await server.stop();
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!SERVERS.includes("js"))("hot reload in a session that started its own JS server", () => {
  const harness = new DapHarness();
  afterEach(async (context) => {
    if (context.task.result?.state === "fail") console.log(`Debug Console of the failed test:\n${harness.text()}`);
    await harness.stop();
  });

  it("stopped before split, fanout.ts edited and saved: Continue runs the new code (seen at Continue), and the inspector answers again on the same port", async () => {
    await ensureAdapterBuilt();
    // The server the session starts serves a copy of the sample, which the test edits.
    const copy = await copyOfJsProject();
    try {
      const { launched } = await harness.start("launch", { server: "start", project: copy, assistant: "fanout", input: { topic: "t" }, config: FAST }, { functionBreakpoints: [{ name: "split" }, { name: "extra" }] });
      const started = (await harness.dc!.waitForEvent(SERVER_STARTED, 120_000)).body as ServerStarted;
      await launched;
      expect(await harness.stopped()).toMatchObject({ description: "Paused before split" });
      const port = started.debugPort!;
      const [before] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { id: string }[];

      const file = path.join(copy, FANOUT.js.file);
      let text = readFileSync(file, "utf8");
      for (const [from, to] of [FANOUT.js.renameTopic, FANOUT.js.addExtra]) text = text.replace(from, to);
      writeFileSync(file, text);
      const graphHasExtra = async () => fetch(`${started.url}/assistants/fanout/graph?xray=true`).then(async (r) => ((await r.json()) as { nodes: { id: string }[] }).nodes.some((n) => n.id === "extra"), () => false);
      await expect.poll(graphHasExtra, { timeout: 30_000, interval: 200 }).toBe(true);
      // The graphs' process restarted: its inspector is open again on the same port, a new target (what js-debug's restart reattaches to).
      const targets = async () => fetch(`http://127.0.0.1:${port}/json/list`).then(async (r) => ((await r.json()) as { id: string }[]).map((t) => t.id), () => []);
      await expect.poll(targets, { timeout: 20_000, interval: 200 }).toEqual([expect.not.stringMatching(`^${before.id}$`)]);

      await harness.dc!.continueRequest({ threadId: 1 });
      expect(await harness.stopped()).toMatchObject({ description: "Paused before extra" });
      expect(harness.text()).toContain("Code reloaded: the graph changed, nodes added extra, removed none.");
      expect((await harness.scopeVariables()).get("topic")?.value).toBe('"reloaded t"');
    } finally {
      await harness.stop();
      rmSync(copy, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("launch with \"server\"", () => {
  const harness = new DapHarness();
  afterEach(() => harness.stop());

  it("refuses an unknown mode and a project without langgraph.json, saying what would work", async () => {
    await ensureAdapterBuilt();
    expect(await harness.refused("launch", { server: "spawn", assistant: "agent" })).toMatch(/"server" must be "start", "attach" or "auto"/);
    expect(await harness.refused("launch", { server: "start", project: path.join(root, "src"), assistant: "agent" })).toMatch(/No langgraph.json in .*src: "project" must be the folder/);
  });
});
