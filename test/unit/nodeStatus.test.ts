// Node statuses from stream events, on what the servers send when one of several interrupts is answered.
import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../src/engine/model";
import { NodeStatusTracker } from "../../src/engine/nodeStatus";

const base = { eventId: undefined, ns: [], receivedAt: 0 };
const start = (node: string, taskId: string): RunEvent => ({ ...base, kind: "taskStart", node, taskId, input: {}, triggers: [] }) as unknown as RunEvent;
const resolve = (_ns: string[], node: string) => node;

describe("NodeStatusTracker", () => {
  it("a node whose write is replayed cached (Python: legal while finance resumes) is done, not left running to be marked interrupted", () => {
    const tracker = new NodeStatusTracker();
    tracker.apply(start("finance", "f"), resolve);
    tracker.apply(start("legal", "l"), resolve);
    tracker.apply({ ...base, kind: "update", node: "legal", values: { legal_answer: "approve" }, cached: true }, resolve);
    expect(tracker.statusOf("legal")).toBe("done");
    tracker.applyOutcome({ status: "waiting", interrupts: [{ id: "s", value: "Who signs?", ns: [], node: "sign" }] }, resolve);
    expect(tracker.statusOf("legal")).toBe("done");
    expect(tracker.statusOf("finance")).toBe("interrupted");
  });

  it("JS sends the cached write before the node's task start: the start runs nothing, until the next run", () => {
    const tracker = new NodeStatusTracker();
    tracker.apply({ ...base, kind: "update", node: "legal", values: { legal_answer: "approve" }, cached: true }, resolve);
    expect(tracker.apply(start("legal", "l"), resolve)).toBeUndefined();
    tracker.apply(start("finance", "f"), resolve);
    tracker.applyOutcome({ status: "waiting", interrupts: [{ id: "s", value: "Who signs?", ns: [], node: "sign" }] }, resolve);
    expect(tracker.statusOf("legal")).toBe("done");
    // The next run starts legal for real.
    tracker.apply(start("legal", "l2"), resolve);
    expect(tracker.statusOf("legal")).toBe("running");
  });
});
