// The Threads view redraws only when the key of what its rows show changed (threadRowsKey.ts). On
// both real servers' threads (test/fixtures/*/threads.json): a change the rows do not show keeps the
// key (a run's growing state: no redraw), and each change they show changes it, checked against
// the rows threadRow draws.
import { readFileSync } from "node:fs";
import type { Assistant, Thread, ThreadState } from "@langchain/langgraph-sdk";
import { describe, expect, it } from "vitest";
import { assistantNames, groupByAssistant, shownThread, threadRow, withRunningThread } from "../../../src/host/threadLabels";
import { type DrawnFrom, rowsKey } from "../../../src/host/threadRowsKey";

interface Recorded {
  threadIds: Record<"text" | "blocks" | "serialized" | "noMessages" | "hitl" | "empty", string>;
  assistants: Assistant[];
  threads: Thread[];
  history: ThreadState[];
}

const load = (kind: string) => JSON.parse(readFileSync(new URL(`../../fixtures/${kind}/threads.json`, import.meta.url), "utf8")) as Recorded;
const UTC = { locale: "en-GB", timeZone: "UTC" };

/** The thread rows as the tree draws them from the same inputs (threadItems), grouped when it groups. */
function drawnRows(from: DrawnFrom): string {
  const names = assistantNames([...from.assistants]);
  const running = new Map(from.running.map((r) => [r.threadId, r.values]));
  const row = (t: Thread) => ({
    ...threadRow(shownThread(t, running.get(t.thread_id)), { ...UTC, now: Date.parse(from.today), known: from.known[t.thread_id], names, running: running.has(t.thread_id), grouped: from.grouped }),
    click: (t.metadata as Record<string, unknown>).assistant_id,
  });
  const threads = withRunningThread([...(from.pages?.threads.threads ?? [])], undefined);
  const rows = from.grouped ? groupByAssistant(threads, names).map((g) => [g.assistant, g.threads.map(row)]) : threads.map(row);
  return JSON.stringify(rows);
}

for (const kind of ["js", "python"]) {
  describe(`the Threads view's redraw key on the ${kind} server's threads`, () => {
    const recorded = load(kind);
    const id = (key: keyof Recorded["threadIds"]) => recorded.threadIds[key];
    const base: DrawnFrom = {
      url: "http://localhost:2024",
      refusal: undefined,
      grouped: false,
      pages: { key: "http://localhost:2024 ", total: recorded.threads.length, threads: { threads: recorded.threads, complete: true } },
      checkpoints: new Map(),
      assistants: recorded.assistants,
      known: {},
      running: [],
      today: new Date(Date.parse(recorded.threads[0].updated_at)).toDateString(),
    };
    /** `from` with one thread changed (a deep copy: the recorded threads stay as they are). */
    const withThread = (from: DrawnFrom, threadId: string, change: (t: Thread & { values: Record<string, unknown> }) => void): DrawnFrom => {
      const threads = from.pages!.threads.threads.map((t) => {
        if (t.thread_id !== threadId) return t;
        const copy = structuredClone(t) as Thread & { values: Record<string, unknown> };
        change(copy);
        return copy;
      });
      return { ...from, pages: { ...from.pages!, threads: { threads, complete: true } } };
    };
    const messages = (t: Thread & { values: Record<string, unknown> }) => t.values.messages as Record<string, unknown>[];

    it("keeps the key when only what the rows do not show changed: a conversation grown by 2 MB, another state field, a running thread's newer state", () => {
      const grown = withThread(base, id("text"), (t) => {
        messages(t).push({ type: "ai", id: "long", content: "x".repeat(2_000_000) });
        t.values.scratch = { notes: "not drawn" };
      });
      // The fallback subject is the first text field: a later one changing is not drawn.
      const drafted = withThread(grown, id("hitl"), (t) => (t.values.draft_text = "a new draft"));
      const runningNow = { ...base, running: [{ threadId: id("empty"), values: { messages: [{ type: "human", content: "Hi" }] } }] };
      const runningLater = { ...runningNow, running: [{ threadId: id("empty"), values: { messages: [{ type: "human", content: "Hi" }, { type: "ai", content: "x".repeat(100_000) }] } }] };
      for (const [before, after] of [
        [base, grown],
        [base, drafted],
        [runningNow, runningLater],
      ]) {
        expect(drawnRows(after)).toBe(drawnRows(before));
        expect(rowsKey(after)).toBe(rowsKey(before));
      }
      // The key holds no state: about a hundred characters a thread.
      expect(rowsKey(grown).length).toBeLessThan(200 * recorded.threads.length);
    });

    it("changes the key with each thing a row shows: status, update time, first message, assistant and its name, how a run ended, a run going on, grouping", () => {
      const other = recorded.assistants.find((a) => a.graph_id === "hitl")!;
      const runningUnnamed = { ...base, running: [{ threadId: id("empty"), values: { messages: [] } }] };
      const changes: Record<string, [DrawnFrom, DrawnFrom]> = {
        status: [base, withThread(base, id("text"), (t) => (t.status = "error"))],
        "update time": [base, withThread(base, id("blocks"), (t) => (t.updated_at = new Date(Date.parse(t.updated_at) + 1000).toISOString()))],
        "first message": [base, withThread(base, id("text"), (t) => (messages(t)[0].content = "What is the weather in Lyon?"))],
        "first text field": [base, withThread(base, id("noMessages"), (t) => (t.values.topic = "another report"))],
        assistant: [base, withThread(base, id("text"), (t) => (t.metadata = { ...t.metadata, assistant_id: other.assistant_id, graph_id: other.graph_id }))],
        "assistant's name": [base, { ...base, assistants: recorded.assistants.map((a) => (a.graph_id === "agent" ? { ...a, name: "weather agent" } : a)) }],
        // Python leaves a cancelled thread interrupted, JS errored: the row says cancelled when this extension saw it.
        "how a run ended": [base, withThread({ ...base, known: { [id("hitl")]: { status: "cancelled", at: Date.parse(recorded.threads.find((t) => t.thread_id === id("hitl"))!.updated_at) } } }, id("hitl"), (t) => (t.status = "interrupted"))],
        "a run going on": [base, { ...base, running: [{ threadId: id("text") }] }],
        // A thread that has no values of its own while it runs is named by its driver's state.
        "the running thread's first message": [runningUnnamed, { ...base, running: [{ threadId: id("empty"), values: { messages: [{ type: "human", content: "Hi" }] } }] }],
        grouping: [base, { ...base, grouped: true }],
      };
      for (const [what, [before, after]] of Object.entries(changes)) {
        expect(drawnRows(after), what).not.toBe(drawnRows(before));
        expect(rowsKey(after), what).not.toBe(rowsKey(before));
      }
    });

    it("changes the key with the rows around the threads: a checkpoint loaded, a page, the search, a refused key, the day", () => {
      const [newest, ...older] = recorded.history;
      const expanded = { ...base, checkpoints: new Map([[id("text"), { hasOlder: false, checkpoints: older }]]) };
      const keys = [
        base,
        expanded,
        { ...expanded, checkpoints: new Map([[id("text"), { hasOlder: false, checkpoints: [newest, ...older] }]]) },
        { ...expanded, checkpoints: new Map([[id("text"), { hasOlder: true, checkpoints: older }]]) },
        { ...base, pages: { ...base.pages!, threads: { threads: base.pages!.threads.threads, complete: false } } },
        { ...base, pages: { ...base.pages!, key: "http://localhost:2024 status: idle" } },
        { ...base, refusal: { url: base.url, status: 401, message: "Invalid API key", sentKey: true } },
        { ...base, today: "Wed Dec 02 2026" },
      ].map(rowsKey);
      expect(new Set(keys).size).toBe(keys.length);
    });
  });
}
