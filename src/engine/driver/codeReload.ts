// Hot reload: a graph file of the deployment was saved and `langgraph dev` reloads its code. Both dev
// servers restart (the JS CLI its whole process, the Python one its worker) and keep threads,
// checkpoints and assistant ids; neither says which code it runs, so the restart is seen from
// outside: the assistant's graph stops answering for a moment, or answers with other nodes.
// `ReloadWatcher` waits for that after a save and tells the driver, which re-reads the graph.
// No `vscode` import (docs/SERVER-DIFFERENCES.md, "Hot reload").
import { LangGraphNetworkError, type LangGraphApi } from "../client";
import { messageOf } from "../errorMessage";
import type { GraphData, RunOutcome } from "../model";

/** What changed when the deployment's code was reloaded. */
export interface CodeReload {
  assistantId: string;
  /** The saved files that caused it (empty when a changed graph was noticed without a save). */
  files: string[];
  graph: GraphData;
  /** Node ids (xray) in the new graph and not the old, and the other way round. */
  added: string[];
  removed: string[];
}

/** A run going while the JS dev server restarted (as it does to load new code): the old process took it along. */
export class RunLostToReloadError extends Error {
  override readonly name = "RunLostToReloadError";
  constructor(files: string[]) {
    const why = files.length ? ` to load the new code (${files.map(baseName).join(", ")})` : " (as it does on a code reload)";
    super(`The dev server restarted${why} while this run was going, and the run was lost with the old process: the JS dev server keeps it \`running\` and its thread busy for ever. Start a new run on a new thread.`);
  }
}

/** A request the server's host refused: its process is not listening (stopped, or restarting). */
export function refusedConnection(cause: unknown): boolean {
  return cause instanceof LangGraphNetworkError && cause.phase === "request" && /ECONNREFUSED/.test(cause.reason);
}

/** A run a dev server restart can cut: its stream re-joins, and a refused re-join may mean its process is gone. */
export interface CuttableRun {
  controller: AbortController;
  /** The stream broke and is being re-joined (a dev server restarting for a reload cuts it). */
  cut?: boolean;
  /** A re-join was refused (the server's process went away): watching for it to answer again (jsServerBack). */
  restartCheck?: Promise<void>;
}

/**
 * The run stream's `onReconnect`: marks the run cut, and when a re-join is refused (the JS dev server
 * restarts on a code reload and keeps the run `running` for ever) ends a JS run once the server
 * answers again, also when no watcher saw the save. `current`: the run is still the driver's.
 */
export function watchReconnects(run: CuttableRun, client: LangGraphApi, current: () => boolean, warn: (message: string) => void): (attempt: number, lastId: string | undefined, cause: unknown) => void {
  return (attempt, lastId, cause) => {
    run.cut = true;
    warn(`Stream dropped; re-joining after event ${lastId ?? "-"} (attempt ${attempt})`);
    if (run.restartCheck || !refusedConnection(cause)) return;
    run.restartCheck = jsServerBack(client, () => current() && !run.controller.signal.aborted).then((js) => {
      if (js && current()) run.controller.abort(new RunLostToReloadError([]));
    });
  };
}

/** Once the server answers again (within a minute, while `following`): whether it is the JS dev server, which loses the runs going when it restarts. */
export async function jsServerBack(client: LangGraphApi, following: () => boolean): Promise<boolean> {
  if (!client.info) return false;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && following()) {
    const info = await client.info({ signal: AbortSignal.timeout(1_000) }).catch(() => undefined);
    if (info) return info.langgraph_js_version !== undefined;
    await sleep(200);
  }
  return false;
}

/**
 * A run's outcome as said when the server restarted under it: lost to the restart (the abort's
 * reason), or failed after re-joins the server `refused` (they gave up before it was back: say what
 * the refusals likely meant).
 */
export function outcomeAfterRestart(outcome: RunOutcome | undefined, abortReason: unknown, refused: boolean): RunOutcome | undefined {
  if (abortReason instanceof RunLostToReloadError) return { status: "failed", message: abortReason.message };
  if (outcome?.status !== "failed" || outcome.node || !refused) return outcome;
  return { ...outcome, message: `${outcome.message}. The server refused connections meanwhile: it stopped or restarted (the JS dev server restarts to load new code, losing the runs going).` };
}

/** The node ids (xray) added and removed between two graphs; `__start__`/`__end__` left out. */
export function graphChanges(before: GraphData | undefined, after: GraphData): { added: string[]; removed: string[] } {
  const ids = (g: GraphData | undefined) => new Set((g?.nodes ?? []).map((n) => n.id).filter((id) => !id.startsWith("__")));
  const was = ids(before);
  const now = ids(after);
  return { added: [...now].filter((id) => !was.has(id)), removed: [...was].filter((id) => !now.has(id)) };
}

/** Whether two graphs draw the same: same node ids and the same edges. */
export function sameGraph(a: GraphData | undefined, b: GraphData): boolean {
  if (!a) return false;
  const key = (g: GraphData) => JSON.stringify([g.nodes.map((n) => n.id).sort(), g.edges.map((e) => `${e.source}>${e.target}:${e.conditional ? 1 : 0}`).sort()]);
  return key(a) === key(b);
}

/** What the watcher needs: the deployment, the assistant whose graph is shown, and the driver's reload. */
export interface ReloadWatcherDeps {
  client(): Promise<LangGraphApi>;
  /** The assistant whose graph to watch (the one shown), if any. */
  assistantId(): string | undefined;
  /** The graph as shown now, to tell a changed graph from the same one. */
  shownGraph(): GraphData | undefined;
  /** The server came back with the new code (`restarted`: it was seen going away). */
  reloaded(files: string[], restarted: boolean): Promise<unknown>;
  log?: { info(message: string): void; warn(message: string): void };
  /** How long to wait for the reload after a save; default 20 s (a loaded machine restarts the JS server in 3 s). */
  timeoutMs?: number;
  /** Between two looks at the server; default 100 ms (the Python server is away for about 0.4 s). */
  intervalMs?: number;
}

/** Result of one watch: the server came back with new code, or it did not reload within the timeout. */
export type WatchResult = { type: "reloaded"; restarted: boolean } | { type: "unchanged" } | { type: "gone"; why: string };

/** Watches the deployment after its code was saved, one watch at a time; saves during a watch join it. */
export class ReloadWatcher {
  private watching: { files: Set<string>; done: Promise<WatchResult> } | undefined;
  private disposed = false;

  constructor(private readonly deps: ReloadWatcherDeps) {}

  /** A file of the deployment's code was saved: resolves once the server serves the new code, or gives up. */
  fileSaved(file: string): Promise<WatchResult> {
    if (this.watching) {
      this.watching.files.add(file);
      return this.watching.done;
    }
    const files = new Set([file]);
    const done = this.watch(files).finally(() => {
      this.watching = undefined;
    });
    this.watching = { files, done };
    return done;
  }

  dispose(): void {
    this.disposed = true;
  }

  private async watch(files: Set<string>): Promise<WatchResult> {
    const assistantId = this.deps.assistantId();
    if (!assistantId) return { type: "unchanged" };
    const client = await this.deps.client();
    const before = this.deps.shownGraph();
    const timeoutMs = this.deps.timeoutMs ?? 20_000;
    const intervalMs = this.deps.intervalMs ?? 100;
    const deadline = Date.now() + timeoutMs;
    let away: string | undefined;
    while (Date.now() < deadline && !this.disposed) {
      try {
        const graph = (await client.assistants.graph(assistantId, { xray: true, signal: AbortSignal.timeout(1_000) })) as unknown as GraphData;
        if (away !== undefined || !sameGraph(before, graph)) {
          const restarted = away !== undefined;
          this.deps.log?.info(`The deployment reloaded its code after ${[...files].map(baseName).join(", ")} changed${restarted ? " (the server restarted)" : ""}.`);
          await this.deps.reloaded([...files], restarted);
          return { type: "reloaded", restarted };
        }
      } catch (error) {
        away = messageOf(error);
      }
      await sleep(intervalMs);
    }
    if (away !== undefined) {
      const why = `The dev server went away after ${[...files].map(baseName).join(", ")} changed and has not come back (last: ${away}). A graph that fails to load stops it: see the server's output.`;
      this.deps.log?.warn(why);
      return { type: "gone", why };
    }
    this.deps.log?.info(`No reload seen within ${Math.round(timeoutMs / 1000)} s of saving ${[...files].map(baseName).join(", ")}: the server may run without hot reload (\`--no-reload\`), or the change did not touch its graphs.`);
    return { type: "unchanged" };
  }
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
