// The chat mode's conversation over recorded real streams of both servers (test/fixtures/{js,python}),
// and over a thread's history (threads.json: a thread loaded from the Threads view streams nothing).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Conversation, textBlocks, type ChatMessage } from "../../src/engine/chat/conversation";
import { checkpointBeforeMessage } from "../../src/engine/chat/forkPoint";
import { lineageSupersteps, type HistoryEntryWithValues } from "../../src/engine/checkpointTimeline";
import { SseDecoder } from "../../src/engine/client/sse";
import { diffStates } from "../../src/engine/diff";
import type { RunEvent, Superstep } from "../../src/engine/model";
import { RunPipeline } from "../../src/engine/runSession";

const FIXTURES = path.resolve(__dirname, "../fixtures");

/** The run's stream as the webview gets it: event batches and closed supersteps, in order. */
function replay(server: string, name: string): ({ events: RunEvent[] } | { step: Superstep })[] {
  const pipeline = new RunPipeline({});
  const decoder = new SseDecoder();
  const out: ({ events: RunEvent[] } | { step: Superstep })[] = [];
  const messages = [...decoder.push(readFileSync(path.join(FIXTURES, server, `${name}.sse`))), ...decoder.finish()];
  messages.forEach((message, i) => {
    const { events, supersteps } = pipeline.accept(message, i);
    if (events.length) out.push({ events });
    for (const step of supersteps) out.push({ step });
  });
  for (const step of pipeline.finish()) out.push({ step });
  return out;
}

function feed(chat: Conversation, items: ReturnType<typeof replay>): void {
  for (const item of items) {
    if ("events" in item) for (const e of item.events) chat.addEvent(e);
    else chat.addSuperstep(item.step);
  }
}

const stateMessages = (server: string, name: string) => (JSON.parse(readFileSync(path.join(FIXTURES, server, `${name}.json`), "utf8")) as { state: { values: { messages: { id: string; content: string }[] } } }).state.values.messages;
const shape = (messages: ChatMessage[]) => messages.map((m) => [m.role, m.node, m.toolCalls.map((c) => `${c.name} ${JSON.stringify(c.args)}`).join(), m.toolName]);

describe.each(["js", "python"])("conversation on the %s server's agent stream", (server) => {
  it("ends as the thread's state: question, tool call, tool result, answer, each with the node that made it", () => {
    const chat = new Conversation();
    chat.runStarted();
    chat.send("What is the weather in Paris?");
    feed(chat, replay(server, "agent"));
    chat.runEnded();
    const messages = chat.messages();
    expect(messages.map((m) => m.id)).toEqual(stateMessages(server, "agent").map((m) => m.id));
    expect(shape(messages)).toEqual([
      ["human", undefined, "", undefined],
      ["ai", "agent", 'get_weather {"city":"Paris"}', undefined],
      ["tool", "tools", "", "get_weather"],
      ["ai", "agent", "", undefined],
    ]);
    expect(messages[0].text).toBe("What is the weather in Paris?");
    expect(messages[2]).toMatchObject({ toolCallId: "call_weather_1", text: "It is sunny and 21 °C in Paris." });
    expect(messages[3].text).toBe(stateMessages(server, "agent")[3].content);
    expect(messages.some((m) => m.pending || m.streaming)).toBe(false);
  });

  it("while streaming: the sent message waits, then tokens grow in the answering node's bubble, each message once", () => {
    const chat = new Conversation();
    chat.runStarted();
    chat.send("What is the weather in Paris?");
    expect(chat.messages()).toEqual([{ id: "pending", role: "human", text: "What is the weather in Paris?", toolCalls: [], pending: true }]);
    const items = replay(server, "agent");
    // Up to the tool's result, before the step that writes it to the state.
    const toolAt = items.findIndex((i) => "events" in i && i.events.some((e) => e.kind === "message"));
    feed(chat, items.slice(0, toolAt + 1));
    expect(shape(chat.messages())).toEqual([
      ["human", undefined, "", undefined],
      ["ai", "agent", 'get_weather {"city":"Paris"}', undefined],
      ["tool", "tools", "", "get_weather"],
    ]);
    expect(chat.messages()[2].streaming).toBe(true);
    // Into the answer: a few tokens in, the last bubble is the agent's, partly written.
    const rest = items.slice(toolAt + 1);
    const firstToken = rest.findIndex((i) => "events" in i && i.events.some((e) => e.kind === "token" && e.text));
    feed(chat, rest.slice(0, firstToken + 3));
    const last = chat.messages().at(-1)!;
    expect(last).toMatchObject({ role: "ai", node: "agent", streaming: true });
    expect(last.text.length).toBeGreaterThan(0);
    expect(stateMessages(server, "agent")[3].content.startsWith(last.text)).toBe(true);
    expect(chat.messages().filter((m) => m.role === "tool")).toHaveLength(1);
  });
});

describe.each(["js", "python"])("conversation of a thread read from the %s server's history", (server) => {
  const recorded = JSON.parse(readFileSync(path.join(FIXTURES, server, "threads.json"), "utf8")) as { history: HistoryEntryWithValues[]; forkedFrom: string };
  const head = recorded.history[0].checkpoint.checkpoint_id as string;

  it("shows the branch the thread is on, nodes named from the steps that added each message", () => {
    const chat = new Conversation();
    for (const step of lineageSupersteps(recorded.history, head, diffStates)) chat.addSuperstep(step);
    expect(chat.hasState).toBe(true);
    expect(shape(chat.messages()).map(([role, node]) => [role, node])).toEqual([
      ["human", undefined],
      ["ai", "agent"],
      ["tool", "tools"],
      ["ai", "agent"],
    ]);
  });

  it("forks an edit from the checkpoint before the message entered the state", () => {
    const messages = (recorded.history[0].values as { messages: { id: string; type: string }[] }).messages;
    const human = messages.find((m) => m.type === "human")!;
    const input = recorded.history.at(-1)!;
    expect(input.metadata?.source).toBe("input");
    expect(checkpointBeforeMessage(recorded.history, head, human.id)).toBe(input.checkpoint.checkpoint_id);
    // The answer of the edited branch entered the state after the tool result on that branch.
    const answer = messages.at(-1)!;
    const answerCheckpoint = recorded.history[0].parent_checkpoint?.checkpoint_id;
    expect(checkpointBeforeMessage(recorded.history, head, answer.id)).toBe(answerCheckpoint);
    expect(checkpointBeforeMessage(recorded.history, head, "no-such-message")).toBeUndefined();
  });
});

describe("conversation edges", () => {
  it("keeps a cancelled answer shown, no longer streaming, until the next run; forgets a send the server refused", () => {
    const chat = new Conversation();
    chat.runStarted();
    chat.send("hello");
    const items = replay("js", "agent");
    const firstToken = items.findIndex((i) => "events" in i && i.events.some((e) => e.kind === "token" && e.text));
    feed(chat, items.slice(0, firstToken + 1));
    chat.runEnded();
    const last = chat.messages().at(-1)!;
    expect(last.streaming).toBeUndefined();
    expect(last.text).toBe("Here");
    chat.send("again");
    chat.dropPending();
    expect(chat.messages().some((m) => m.pending)).toBe(false);
    // The next run: the stopped answer would sit below its messages, so it goes.
    chat.runStarted();
    expect(chat.messages().map((m) => m.text)).toEqual(["What is the weather in Paris?", "", "It is sunny and 21 °C in Paris."]);
  });

  it("a state without messages is no conversation", () => {
    const chat = new Conversation();
    feed(chat, replay("js", "fanout"));
    expect(chat.hasState).toBe(false);
    expect(chat.messages()).toEqual([]);
  });

  it("cuts text into prose and fenced code, an unclosed fence running to the end", () => {
    expect(textBlocks("Try this:\n```ts\nconst a = 1;\n```\nDone.")).toEqual([
      { kind: "text", text: "Try this:" },
      { kind: "code", text: "const a = 1;", lang: "ts" },
      { kind: "text", text: "Done." },
    ]);
    expect(textBlocks("```\nhalf")).toEqual([{ kind: "code", text: "half" }]);
    expect(textBlocks("<b>not html</b>")).toEqual([{ kind: "text", text: "<b>not html</b>" }]);
  });
});
