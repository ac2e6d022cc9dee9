// runSession over recorded streams: item order, and a stream that breaks half way.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { SseMessage } from "../../src/engine/model";
import { runSession, type RunSessionItem } from "../../src/engine/runSession";
import { SseDecoder } from "../../src/engine/client/sse";

function recorded(name: string): SseMessage[] {
  const decoder = new SseDecoder();
  return [...decoder.push(readFileSync(path.resolve(__dirname, "../fixtures/js", `${name}.sse`))), ...decoder.finish()];
}

async function* replay(messages: SseMessage[], failAfter?: number): AsyncGenerator<SseMessage> {
  for (const [i, message] of messages.entries()) {
    if (i === failAfter) throw new Error("connection reset after event 12");
    yield message;
  }
}

async function collect(items: AsyncIterable<RunSessionItem>): Promise<RunSessionItem[]> {
  const out: RunSessionItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("runSession", () => {
  it("yields each message's events, the supersteps as they close, and the outcome last", async () => {
    const messages = recorded("fanout");
    const items = await collect(runSession(replay(messages), { threads: null, threadId: null }));
    expect(items.filter((i) => i.type === "events")).toHaveLength(messages.length);
    expect(items.filter((i) => i.type === "superstep").map((i) => i.type === "superstep" && i.superstep.step)).toEqual([-1, 0, 1, 2, 3]);
    expect(items.at(-1)).toEqual({ type: "outcome", outcome: { status: "finished" } });
    // A superstep comes right after the events of the checkpoint that closed it.
    const firstStep = items.findIndex((i) => i.type === "superstep");
    expect(items[firstStep - 1]).toMatchObject({ type: "events", events: [{ kind: "checkpoint", step: -1 }] });
  });

  it("keeps everything received before the stream broke and reports the break as the outcome", async () => {
    const messages = recorded("agent");
    const items = await collect(runSession(replay(messages, 12), { threads: null, threadId: null }));
    expect(items.filter((i) => i.type === "events")).toHaveLength(12);
    const steps = items.flatMap((i) => (i.type === "superstep" ? [i.superstep] : []));
    expect(steps.map((s) => [s.step, s.incomplete ?? false])).toEqual([[-1, false], [0, false], [1, false], [2, true]]);
    expect(steps[2].nodes[0].messages[0].toolCalls[0].args).toEqual({ city: "Paris" });
    expect(items.at(-1)).toEqual({ type: "outcome", outcome: { status: "failed", message: "connection reset after event 12" } });
  });

  it("says cancelled when the caller aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const items = await collect(runSession(replay(recorded("agent"), 5), { threads: null, threadId: null, signal: controller.signal }));
    expect(items.at(-1)).toEqual({ type: "outcome", outcome: { status: "cancelled" } });
  });
});
