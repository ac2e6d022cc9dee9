import { describe, expect, it } from "vitest";
import { parseSseMessage } from "../../src/engine/events";
import type { RunEvent } from "../../src/engine/model";
import { TokenLog, tokenRuns } from "../../webview/run/tokenLog";

type MessageLike = Extract<RunEvent, { kind: "token" | "message" }>;

function streamed(chunk: Record<string, unknown>, node = "agent"): MessageLike {
  const meta = { langgraph_node: node, langgraph_step: 1, langgraph_checkpoint_ns: `${node}:t1` };
  return parseSseMessage({ event: "messages", data: JSON.stringify([chunk, meta]) }, 0)[0] as MessageLike;
}

const rows = (log: TokenLog, node: string) => log.section(node)?.rows.map((r) => `${r.kind}:${r.text}`);

describe("TokenLog (rows over the engine's TokenAccumulator)", () => {
  it("lays out text, list-of-blocks content and tool calls in index order, whatever order they stream in", () => {
    const log = new TokenLog(40);
    log.add("agent", streamed({ type: "AIMessageChunk", id: "run-1", content: [{ type: "text", text: "Hel", index: 0 }] }));
    log.add("agent", streamed({ type: "AIMessageChunk", id: "run-1", content: [{ type: "text", text: "lo", index: 0 }, { type: "tool_use", id: "x" }] }));
    log.add("agent", streamed({ type: "AIMessageChunk", id: "run-1", content: "", tool_call_chunks: [{ index: 1, id: "call_b", name: "get_time", args: "{}" }] }));
    log.add("agent", streamed({ type: "AIMessageChunk", id: "run-1", content: "", tool_call_chunks: [{ index: 0, id: "call_a", name: "get_weather", args: '{"city":"Paris"}' }] }));
    expect(log.flush()).toEqual(["agent"]);
    expect(rows(log, "agent")).toEqual(["heading:ai", "text:Hello", "tool:get_weather (call_a)", 'args:{"city":"Paris"}', "tool:get_time (call_b)", "args:{}"]);
  });

  it("re-wraps only the last row when text is appended, and keeps each node's messages apart", () => {
    const log = new TokenLog(10);
    log.add("agent", streamed({ type: "AIMessageChunk", id: "run-1", content: "one two " }));
    log.flush();
    log.add("agent", streamed({ type: "AIMessageChunk", id: "run-1", content: "three four" }));
    log.add("tools", streamed({ type: "tool", id: "tool-1", content: "sunny", tool_call_id: "call_a", name: "get_weather" }, "tools"));
    expect(log.flush()).toEqual(["agent", "tools"]);
    expect(rows(log, "agent")).toEqual(["heading:ai", "text:one two ", "text:three four"]);
    // The heading wraps like text (nothing cut off); the result's text follows it.
    const tools = log.section("tools")!.rows;
    expect(tools.filter((r) => r.kind === "heading").map((r) => r.text).join("")).toBe("tool result · get_weather (call_a)");
    expect(tools.at(-1)).toEqual({ kind: "text", text: "sunny" });
    expect(log.nodeIds).toEqual(["agent", "tools"]);
    expect(log.lastNodeId).toBe("tools");
  });
});

describe("tokenRuns (how the pane draws a window of rows while tokens stream)", () => {
  const log = new TokenLog(20);
  log.add("agent", streamed({ type: "AIMessageChunk", id: "run-1", content: "The weather in Paris today is sunny and mild", tool_call_chunks: [{ index: 0, id: "call_1", name: "get_weather", args: '{"city":"Paris"}' }] }));
  log.add("agent", streamed({ type: "AIMessageChunk", id: "run-2", content: "Done." }));
  log.flush();
  const all = log.section("agent")!.rows;

  it("joins consecutive rows of one kind into one run, a line per row, in order", () => {
    expect(all.map((r) => r.kind)).toEqual(["heading", "text", "text", "text", "tool", "args", "heading", "text"]);
    expect(tokenRuns(all, 0, all.length)).toEqual([
      { kind: "heading", text: all[0].text, rows: 1, first: 0 },
      { kind: "text", text: [all[1].text, all[2].text, all[3].text].join("\n"), rows: 3, first: 1 },
      { kind: "tool", text: all[4].text, rows: 1, first: 4 },
      { kind: "args", text: all[5].text, rows: 1, first: 5 },
      { kind: "heading", text: all[6].text, rows: 1, first: 6 },
      { kind: "text", text: "Done.", rows: 1, first: 7 },
    ]);
    // Every row is in exactly one run: the lines, read back, are the rows.
    expect(tokenRuns(all, 0, all.length).flatMap((run) => run.text.split("\n"))).toEqual(all.map((r) => r.text));
  });

  it("takes only the window's rows, clipped to the rows there are", () => {
    expect(tokenRuns(all, 2, 5)).toEqual([
      { kind: "text", text: `${all[2].text}\n${all[3].text}`, rows: 2, first: 2 },
      { kind: "tool", text: all[4].text, rows: 1, first: 4 },
    ]);
    expect(tokenRuns(all, 6, 100).map((run) => [run.first, run.rows])).toEqual([[6, 1], [7, 1]]);
    expect(tokenRuns(all, -3, 1)).toEqual([{ kind: "heading", text: all[0].text, rows: 1, first: 0 }]);
    expect(tokenRuns(all, 4, 4)).toEqual([]);
    expect(tokenRuns([], 0, 12)).toEqual([]);
  });

  it("keeps an empty row as an empty line", () => {
    const rows = [
      { kind: "text" as const, text: "a" },
      { kind: "text" as const, text: "" },
      { kind: "text" as const, text: "b" },
    ];
    expect(tokenRuns(rows, 0, 3)).toEqual([{ kind: "text", text: "a\n\nb", rows: 3, first: 0 }]);
  });
});
