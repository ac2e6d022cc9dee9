import { describe, expect, it } from "vitest";
import { parseSseMessage } from "../../src/engine/events";
import { decideOutcome, emptySummary, mergeInterrupts, noteEvent, type StreamSummary, type ThreadStateLike } from "../../src/engine/outcome";

// Thread states as `GET /threads/{id}/state?subgraphs=true` returns them (see SERVER-FACTS.md).
const idle: ThreadStateLike = { next: [], tasks: [] };
const beforeTools: ThreadStateLike = {
  next: ["tools"],
  tasks: [{ id: "8776", name: "tools", error: null, interrupts: [], state: null }],
};
const question = { question: "Approve this draft?", draft: "A short post" };
const hitlWaiting: ThreadStateLike = {
  next: ["review"],
  tasks: [{ id: "7938", name: "review", error: null, interrupts: [{ id: "1a01", value: question }], state: null }],
};
const brokenState: ThreadStateLike = {
  next: ["explode"],
  tasks: [{ id: "2458", name: "explode", error: '{"message":"Boom: the explode node failed on purpose","name":"Error"}', interrupts: [] }],
};

function summarize(events: [string, unknown][], request: Partial<StreamSummary> = {}): StreamSummary {
  const summary = emptySummary(request);
  for (const [event, data] of events) for (const e of parseSseMessage({ event, data: JSON.stringify(data) }, 0)) noteEvent(summary, e);
  return { ...summary, ...request };
}

describe("decideOutcome", () => {
  it("finished: nothing next, no error", () => {
    expect(decideOutcome(summarize([["updates", { agent: {} }]]), idle, { status: "idle" })).toEqual({ status: "finished" });
  });

  it("paused before the nodes of interrupt_before that are next", () => {
    const summary = summarize([["updates", { __interrupt__: [] }]], { interruptBefore: ["tools"], lastStepNodes: ["agent"] });
    expect(decideOutcome(summary, beforeTools, { status: "interrupted" })).toEqual({ status: "paused", when: "before", nodes: ["tools"] });
  });

  it("paused after the nodes of interrupt_after that just ran (also with \"*\")", () => {
    const summary = summarize([], { interruptAfter: ["agent"], lastStepNodes: ["agent"] });
    expect(decideOutcome(summary, beforeTools)).toEqual({ status: "paused", when: "after", nodes: ["agent"] });
    const star = summarize([], { interruptAfter: "*", lastStepNodes: ["left", "right"] });
    expect(decideOutcome(star, { next: ["join"], tasks: [] })).toEqual({ status: "paused", when: "after", nodes: ["left", "right"] });
  });

  it("paused after the branches of a fan-in although `next` is empty (Python: thread interrupted, join still to run)", () => {
    const summary = summarize([], { interruptAfter: "*", lastStepNodes: ["left", "right"] });
    expect(decideOutcome(summary, idle, { status: "interrupted" })).toEqual({ status: "paused", when: "after", nodes: ["left", "right"] });
    expect(decideOutcome(summary, idle, { status: "idle" })).toEqual({ status: "finished" });
  });

  it("paused before `next` when the breakpoint's origin is unknown (e.g. set on the assistant)", () => {
    expect(decideOutcome(emptySummary(), beforeTools)).toEqual({ status: "paused", when: "before", nodes: ["tools"] });
  });

  it("waiting on interrupt() with the interrupt id and payload, seen once although the stream repeats it", () => {
    const interrupt = [{ id: "1a01", value: question }];
    const summary = summarize([
      ["updates", { __interrupt__: interrupt }],
      ["tasks", { id: "7938", name: "review", result: {}, interrupts: interrupt, error: null }],
    ]);
    expect(decideOutcome(summary, hitlWaiting)).toEqual({ status: "waiting", interrupts: [{ id: "1a01", value: question, ns: [], node: "review" }] });
    expect(decideOutcome(summary, null)).toEqual({ status: "waiting", interrupts: [{ id: "1a01", value: question, ns: [], node: "review" }] });
  });

  it("waiting inside a subgraph: the namespace comes from the subgraph state", () => {
    const inner: ThreadStateLike = {
      next: ["child_step"],
      checkpoint: { checkpoint_ns: "child:c1" },
      tasks: [{ id: "s1", name: "child_step", interrupts: [{ id: "in1", value: "ok?" }] }],
    };
    const state: ThreadStateLike = { next: ["child"], tasks: [{ id: "c1", name: "child", interrupts: [{ id: "in1", value: "ok?" }], state: inner }] };
    const summary = summarize([["updates|child:c1", { __interrupt__: [{ id: "in1", value: "ok?" }] }], ["updates", { __interrupt__: [{ id: "in1", value: "ok?" }] }]]);
    expect(decideOutcome(summary, state)).toEqual({ status: "waiting", interrupts: [{ id: "in1", value: "ok?", ns: ["child:c1"], node: "child_step" }] });
  });

  it("several waiting: the thread's `interrupts` are the list (Python: empty `next` and `tasks`; JS: an answered one left on its task)", () => {
    const finance = { id: "f1", value: { question: "Budget?" }, response_schema: { type: "object" } };
    const sign = { id: "s1", value: { question: "Who signs?" } };
    const summary = summarize([["tasks", { id: "t-sign", name: "sign", result: {}, interrupts: [sign], error: null }]]);
    const python = decideOutcome(summary, { next: [], tasks: [] }, { status: "interrupted", interrupts: { "t-sign": [sign] } });
    expect(python).toEqual({ status: "waiting", interrupts: [{ id: "s1", value: sign.value, ns: [], node: "sign" }] });
    const jsState: ThreadStateLike = {
      next: ["finance"],
      tasks: [
        { id: "t-legal", name: "legal", result: { legal_answer: "ok" }, interrupts: [{ id: "l1", value: "Legal?" }] },
        { id: "t-fin", name: "finance", interrupts: [finance] },
      ],
    };
    const js = decideOutcome(emptySummary(), jsState, { status: "interrupted", interrupts: { "t-fin": [finance] } });
    expect(js).toEqual({ status: "waiting", interrupts: [{ id: "f1", value: finance.value, ns: [], node: "finance", responseSchema: { type: "object" } }] });
    // Without the thread's list the state's tasks are read, skipping the answered one.
    expect(decideOutcome(emptySummary(), jsState, null)).toEqual(js);
  });

  it("failed, naming the node and its error, from the stream", () => {
    const summary = summarize([
      ["tasks", { id: "2458", name: "explode", result: {}, interrupts: [], error: { message: "Boom", name: "Error" } }],
      ["error", { error: "Error", message: "Boom" }],
    ]);
    expect(decideOutcome(summary, brokenState, { status: "error" })).toEqual({ status: "failed", node: "explode", message: "Boom" });
  });

  it("failed, from the state's JSON-string task error when the stream did not show it", () => {
    expect(decideOutcome(emptySummary(), brokenState, { status: "error" })).toEqual({
      status: "failed", node: "explode", message: "Boom: the explode node failed on purpose",
    });
  });

  it("failed without a node for a run-level error event", () => {
    const summary = summarize([["error", { error: "EmptyInputError", message: "Received no input" }]]);
    expect(decideOutcome(summary, idle)).toEqual({ status: "failed", node: undefined, message: "Received no input" });
  });

  it("cancelled: the server's `interrupt` error, or the client aborted", () => {
    const summary = summarize([["error", { error: "Error", message: "interrupt" }]]);
    expect(decideOutcome(summary, { next: ["agent"], tasks: [] }, { status: "error" })).toEqual({ status: "cancelled" });
    expect(decideOutcome({ ...emptySummary(), aborted: true }, null)).toEqual({ status: "cancelled" });
  });

  it("failed when the stream broke and the thread does not say otherwise", () => {
    const lost = { ...emptySummary(), transportError: "lost the stream" };
    expect(decideOutcome(lost, idle, { status: "idle" })).toEqual({ status: "finished" });
    expect(decideOutcome(lost, beforeTools, { status: "interrupted" })).toMatchObject({ status: "paused" });
    expect(decideOutcome(lost, beforeTools, { status: "busy" })).toEqual({ status: "failed", message: "lost the stream" });
    expect(decideOutcome(lost, null)).toEqual({ status: "failed", message: "lost the stream" });
  });
});

describe("mergeInterrupts", () => {
  it("keeps one entry per id with the deepest namespace, and every anonymous one", () => {
    expect(mergeInterrupts([
      { id: "a", value: 1, ns: [] },
      { id: "a", value: 1, ns: ["child:1"] },
      { value: 2, ns: [] },
    ])).toEqual([{ id: "a", value: 1, ns: ["child:1"] }, { value: 2, ns: [] }]);
  });
});
