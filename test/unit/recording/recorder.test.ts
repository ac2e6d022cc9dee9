import { describe, expect, it } from "vitest";
import type { DriverEvent } from "../../../src/engine/driver/threadDriver";
import { RunRecorder } from "../../../src/engine/recording/recorder";

const statuses = {};
const started = (threadId: string, options: { continues?: boolean; run?: boolean } = {}): DriverEvent => ({
  type: "runStarted",
  threadId,
  assistantId: "agent",
  continues: options.continues ?? false,
  ...(options.run === false ? {} : { request: { kind: options.continues ? "continue" : "start", input: { messages: [] } } }),
});
const wire: DriverEvent = { type: "wire", message: { event: "updates", data: "{\"agent\":{}}" }, receivedAt: 1 };
const ended: DriverEvent = { type: "runEnded", outcome: { status: "finished" }, statuses };

describe("the run recorder", () => {
  it("a thread loaded from history is no run, and keeps the runs already recorded on it for the next run", () => {
    const recorder = new RunRecorder();
    for (const event of [started("t1"), wire, ended]) recorder.onDriverEvent(event);
    // A click in the Threads view: the driver shows the thread's newest checkpoint (no request).
    for (const event of [started("t1", { run: false }), { ...ended, fromHistory: true } as const]) recorder.onDriverEvent(event);
    expect(recorder.thread?.runs).toBe(1);
    // Continue from there: the recording holds both runs.
    for (const event of [started("t1", { continues: true }), wire, ended]) recorder.onDriverEvent(event);
    expect(recorder.thread).toEqual({ assistantId: "agent", threadId: "t1", runs: 2 });
    expect(recorder.snapshot()?.story).toBe(1);
  });

  it("another thread, loaded or run, starts another story; a new run on the same thread does too", () => {
    const recorder = new RunRecorder();
    for (const event of [started("t1"), wire, ended]) recorder.onDriverEvent(event);
    recorder.onDriverEvent(started("t2", { run: false }));
    expect(recorder.thread).toEqual({ assistantId: "agent", threadId: "t2", runs: 0 });
    expect(recorder.snapshot()?.story).toBe(2);
    for (const event of [started("t2"), wire, ended]) recorder.onDriverEvent(event);
    expect(recorder.snapshot()).toMatchObject({ threadId: "t2", story: 3 });
    expect(recorder.thread?.runs).toBe(1);
    // Run again on the same thread: a story of its own (its automatic recording goes to a file of its own).
    for (const event of [started("t2"), ended]) recorder.onDriverEvent(event);
    expect(recorder.snapshot()).toMatchObject({ threadId: "t2", story: 4 });
    expect(recorder.thread?.runs).toBe(1);
  });

  it("a snapshot is the story as it was: later runs and messages do not reach it (a recording written late records it)", () => {
    const recorder = new RunRecorder();
    for (const event of [started("t1"), wire]) recorder.onDriverEvent(event);
    const snapshot = recorder.snapshot();
    for (const event of [wire, ended, started("t1", { continues: true }), wire, ended]) recorder.onDriverEvent(event);
    expect(snapshot).toMatchObject({ threadId: "t1", story: 1 });
    expect(snapshot?.runs).toHaveLength(1);
    expect(snapshot?.runs[0].messages).toHaveLength(1);
    expect(snapshot?.runs[0].end).toBeUndefined();
    expect(recorder.snapshot()?.runs.map((run) => run.messages.length)).toEqual([2, 1]);
  });
});
