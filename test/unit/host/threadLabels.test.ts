// What the Threads view and the thread picker say, on what both real servers return when threads
// are listed (test/fixtures/*/threads.json, recorded by scripts/capture-threads.mjs).
import { readFileSync } from "node:fs";
import type { Assistant, Thread, ThreadState } from "@langchain/langgraph-sdk";
import { describe, expect, it } from "vitest";
import { checkpointTree } from "../../../src/engine/checkpointTimeline";
import {
  assistantNames,
  byLastUpdate,
  checkpointRow,
  firstUserMessage,
  groupByAssistant,
  oneLine,
  shortTime,
  threadPickRows,
  threadRow,
  withRunningThread,
} from "../../../src/host/threadLabels";

interface Recorded {
  threadIds: Record<"text" | "blocks" | "serialized" | "noMessages" | "hitl" | "empty", string>;
  forkedFrom: string;
  assistants: Assistant[];
  threads: Thread[];
  history: ThreadState[];
}

const load = (kind: string) => JSON.parse(readFileSync(new URL(`../../fixtures/${kind}/threads.json`, import.meta.url), "utf8")) as Recorded;
const UTC = { locale: "en-GB", timeZone: "UTC" };

for (const kind of ["js", "python"]) {
  describe(`thread rows on the ${kind} server's threads`, () => {
    const recorded = load(kind);
    const names = assistantNames(recorded.assistants);
    const thread = (key: keyof Recorded["threadIds"]) => recorded.threads.find((t) => t.thread_id === recorded.threadIds[key])!;
    const row = (key: keyof Recorded["threadIds"]) => threadRow(thread(key), { ...UTC, names, now: Date.parse(thread(key).updated_at) });

    it("reads the first user message whatever shape it was sent in: text, content blocks, LangChain's serialized form", () => {
      expect(firstUserMessage(thread("text").values)).toBe("What is the weather in Paris?");
      expect(firstUserMessage(thread("blocks").values)).toBe("Weather in Rome,\nplease — and tomorrow's too?");
      expect(firstUserMessage(thread("serialized").values)).toBe("Serialized: is it sunny in Oslo?");
      // The servers store a serialized HumanMessage as a plain dict; a state that keeps the constructor form reads the same.
      const [stored] = (thread("text").values as { messages: Record<string, unknown>[] }).messages;
      const constructorForm = { lc: 1, type: "constructor", id: ["langchain_core", "messages", "HumanMessage"], kwargs: { ...stored, type: undefined } };
      expect(firstUserMessage({ messages: [constructorForm] })).toBe("What is the weather in Paris?");
      // Only user messages count: the agent's answer is not the thread's subject.
      const [, ...notUser] = (thread("text").values as { messages: unknown[] }).messages;
      expect(firstUserMessage({ messages: notUser })).toBeUndefined();
    });

    it("starts each row with the first message on one line, names the assistant (not its id), and keeps the whole text and the id in the tooltip", () => {
      const blocks = row("blocks");
      expect(blocks.label).toBe("Weather in Rome, please — and tomorrow's too?");
      expect(blocks.description).toMatch(/^agent · idle · \d\d:\d\d$/);
      expect(blocks.tooltip).toContain("Weather in Rome,\nplease — and tomorrow's too?");
      expect(blocks.tooltip).toContain(`Thread: ${recorded.threadIds.blocks}`);
      expect(blocks.tooltip).toContain("Assistant: agent");
      for (const t of recorded.threads) {
        const r = threadRow(t, { names });
        const assistantId = (t.metadata as Record<string, string>).assistant_id;
        if (assistantId) expect(`${r.label} ${r.description}`).not.toContain(assistantId);
      }
      expect(row("hitl")).toMatchObject({ label: "topic: visual debugging", status: "interrupted", icon: "debug-pause" });
      expect(row("hitl").description).toMatch(/^hitl · interrupted · /);
      expect(row("noMessages").label).toBe("topic: the report");
      expect(row("empty")).toMatchObject({ label: "Empty thread", status: "idle" });
      expect(row("empty").description).toMatch(/^no runs · idle · /);
      // Under its assistant's group, the row does not name it again.
      expect(threadRow(thread("blocks"), { names, grouped: true }).description).toMatch(/^idle · /);
    });

    it("cuts a long message to one line with an ellipsis", () => {
      const long = `${"word ".repeat(30)}\nsecond line`;
      const cut = oneLine(long);
      expect(cut.length).toBeLessThanOrEqual(60);
      expect(cut.endsWith("…")).toBe(true);
      expect(cut).not.toContain("\n");
    });

    it("marks the thread the debugger runs on as running, whatever the server's last word", () => {
      expect(threadRow(thread("text"), { names, running: true })).toMatchObject({ status: "running", icon: "loading~spin" });
    });

    it("reads cancelled for a thread the server left errored (JS) or interrupted (Python) by a cancel seen here", () => {
      const t = thread("text");
      const at = Date.parse(t.updated_at);
      for (const status of ["error", "interrupted"] as const) {
        const r = threadRow({ ...t, status }, { known: { status: "cancelled", at } });
        expect(r).toMatchObject({ status: "cancelled", icon: "circle-slash" });
        expect(r.tooltip).toContain(`the server says ${status}`);
      }
      // Not when the run was not cancelled, or the thread changed since.
      expect(threadRow({ ...t, status: "error" }, { known: { status: "failed", at } }).status).toBe("error");
      expect(threadRow({ ...t, status: "error" }, { known: { status: "cancelled", at: at - 60_000 } }).status).toBe("error");
    });

    it("orders threads by last update, newest first (a thread forked after others were made comes first)", () => {
      const order = byLastUpdate(recorded.threads).map((t) => t.thread_id);
      const { text, empty, hitl, noMessages, serialized, blocks } = recorded.threadIds;
      expect(order).toEqual([text, empty, hitl, noMessages, serialized, blocks]);
    });

    it("groups threads by assistant, the group with the newest thread first and never-run threads last", () => {
      const groups = groupByAssistant(recorded.threads, names);
      expect(groups.map((g) => g.assistant)).toEqual(["agent", "hitl", "fanout", undefined]);
      expect(groups[0].threads.map((t) => t.thread_id)).toEqual([recorded.threadIds.text, recorded.threadIds.serialized, recorded.threadIds.blocks]);
    });

    it("lists a running thread the search has not caught up with first", () => {
      const others = recorded.threads.filter((t) => t.thread_id !== recorded.threadIds.blocks);
      expect(withRunningThread(others, thread("blocks"))[0].thread_id).toBe(recorded.threadIds.blocks);
      expect(withRunningThread(recorded.threads, thread("blocks"))).toHaveLength(recorded.threads.length);
    });

    it("the thread picker names each thread's assistant and lists the chosen assistant's threads first", () => {
      const fanout = recorded.assistants.find((a) => a.graph_id === "fanout")!;
      const rows = threadPickRows(recorded.threads, names, fanout, UTC);
      expect(rows.map((r) => (r.kind === "separator" ? `-- ${r.label}` : r.label))).toEqual([
        "-- fanout's threads",
        "topic: the report",
        "-- other threads",
        "What is the weather in Paris?",
        "Empty thread",
        "topic: visual debugging",
        "Serialized: is it sunny in Oslo?",
        "Weather in Rome, please — and tomorrow's too?",
      ]);
      const paris = rows.find((r) => r.kind === "thread" && r.threadId === recorded.threadIds.text);
      expect(paris).toMatchObject({ description: "agent · idle" });
      expect(paris?.kind === "thread" && paris.detail).toContain(recorded.threadIds.text);
    });
  });

  describe(`checkpoint rows on the ${kind} server's history with a re-run and a state edit`, () => {
    const recorded = load(kind);
    const [main, ...detached] = checkpointTree(recorded.history);
    const now = Date.parse(recorded.history[0].created_at!);

    it("names who wrote each checkpoint as people say it (Input, Start, the nodes), with its time and what runs next", () => {
      const rows = main.map((n) => checkpointRow(n.entry, { ...UTC, now }));
      expect(rows.map((r) => r.label)).toEqual(["Input", "Start", "agent", "State edit", "tools", "agent"]);
      expect(rows.map((r) => r.description.replace(/\d\d:\d\d:\d\d/, "T"))).toEqual(["T → Start", "step 0 · T → agent", "step 1 · T → tools", "step 2 · T → tools", "step 3 · T → agent", "step 4 · T"]);
      expect(JSON.stringify(rows)).not.toContain("__start__");
      const input = main[0].entry;
      expect(rows[0].description.startsWith(new Date(input.createdAt!).toISOString().slice(11, 19))).toBe(true);
      expect(rows[3].icon).toBe("edit");
    });

    it("nests the re-run and the first run under the checkpoint they forked from, newest first", () => {
      expect(detached).toEqual([]);
      const forkPoint = main.find((n) => n.entry.checkpointId === recorded.forkedFrom)!;
      expect(forkPoint.branches.map((line) => line.map((n) => checkpointRow(n.entry).label))).toEqual([
        ["Re-run", "tools", "agent"],
        ["tools", "agent"],
      ]);
      expect(main.filter((n) => n.branches.length > 0)).toEqual([forkPoint]);
    });

    it("writes a checkpoint of another day with its date", () => {
      const created = recorded.history[0].created_at!;
      expect(shortTime(created, { ...UTC, now: Date.parse(created) + 2 * 86_400_000 }, true)).toMatch(/^1 Dec(,)? \d\d:\d\d:\d\d$/);
    });
  });
}
