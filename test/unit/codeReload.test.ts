// The ReloadWatcher's decisions on a scripted server (the real servers: test/integration/hotReload.test.ts):
// a graph that goes away and comes back is a restart, a changed graph is a reload, the same graph for
// the whole wait is no reload, a server that does not come back is said so; saves during a watch join it.
import { describe, expect, it } from "vitest";
import type { LangGraphApi } from "../../src/engine/client";
import { graphChanges, ReloadWatcher, sameGraph } from "../../src/engine/driver/codeReload";
import type { GraphData } from "../../src/engine/model";

const graph = (...ids: string[]): GraphData => ({
  nodes: ["__start__", ...ids, "__end__"].map((id) => ({ id })),
  edges: ["__start__", ...ids].map((id, i, all) => ({ source: id, target: all[i + 1] ?? "__end__" })),
});

/** A server whose graph reads answer from `answers` in turn (an Error is a failed read), the last one for ever. */
function scripted(answers: (GraphData | Error)[]) {
  let reads = 0;
  const client = {
    apiUrl: "http://127.0.0.1:1",
    assistants: {
      graph: async () => {
        const answer = answers[Math.min(reads++, answers.length - 1)];
        if (answer instanceof Error) throw answer;
        return answer;
      },
    },
  } as unknown as LangGraphApi;
  const reloads: { files: string[]; restarted: boolean }[] = [];
  const watcher = new ReloadWatcher({
    client: async () => client,
    assistantId: () => "fanout",
    shownGraph: () => graph("split", "join"),
    reloaded: async (files, restarted) => reloads.push({ files, restarted }),
    timeoutMs: 400,
    intervalMs: 10,
  });
  return { watcher, reloads };
}

describe("ReloadWatcher", () => {
  it("a graph that fails to answer and comes back is a restart, even when it draws the same", async () => {
    const { watcher, reloads } = scripted([graph("split", "join"), new Error("ECONNREFUSED"), new Error("ECONNREFUSED"), graph("split", "join")]);
    expect(await watcher.fileSaved("/p/src/fanout.ts")).toEqual({ type: "reloaded", restarted: true });
    expect(reloads).toEqual([{ files: ["/p/src/fanout.ts"], restarted: true }]);
  });

  it("a graph that answers with other nodes is a reload; saves during the watch join it", async () => {
    const { watcher, reloads } = scripted([graph("split", "join"), graph("split", "join"), graph("split", "join", "extra")]);
    const first = watcher.fileSaved("/p/src/fanout.ts");
    const second = watcher.fileSaved("/p/src/util.ts");
    expect(await first).toEqual({ type: "reloaded", restarted: false });
    expect(await second).toEqual({ type: "reloaded", restarted: false });
    expect(reloads).toEqual([{ files: ["/p/src/fanout.ts", "/p/src/util.ts"], restarted: false }]);
  });

  it("the same graph all along is no reload (a server run with --no-reload); one that never comes back is said so", async () => {
    const same = scripted([graph("split", "join")]);
    expect(await same.watcher.fileSaved("/p/a.py")).toEqual({ type: "unchanged" });
    expect(same.reloads).toEqual([]);
    const gone = scripted([new Error("fetch failed (ECONNREFUSED)")]);
    expect(await gone.watcher.fileSaved("/p/a.py")).toEqual({ type: "gone", why: expect.stringMatching(/went away after a\.py changed and has not come back \(last: fetch failed \(ECONNREFUSED\)\)/) });
    expect(gone.reloads).toEqual([]);
  });
});

describe("graph changes", () => {
  it("names the nodes added and removed, start and end left out; the same drawing is the same graph", () => {
    expect(graphChanges(graph("split", "join"), graph("split", "extra"))).toEqual({ added: ["extra"], removed: ["join"] });
    expect(graphChanges(undefined, graph("a"))).toEqual({ added: ["a"], removed: [] });
    expect(sameGraph(graph("a", "b"), graph("a", "b"))).toBe(true);
    expect(sameGraph(graph("a", "b"), graph("b", "a"))).toBe(false);
    expect(sameGraph(undefined, graph("a"))).toBe(false);
  });
});
