// What the host's run driver adds to the messages it posts to the view: node statuses decided by
// the engine's NodeStatusTracker (src/engine/nodeStatus.ts), run the way the host runs it. Tests
// write host messages without those fields (HostDraft); `complete` fills them in.
import type { GraphData, RunEvent } from "../../src/engine/model";
import { type NodeStatusChange, graphNodeIds, NodeStatusTracker, resolveNodeId } from "../../src/engine/nodeStatus";
import type { HostToWebview, NodeStatuses, RunEndedMessage, RunEventsMessage, RunStartedMessage, SnapshotMessage, ViewSnapshot } from "../../src/shared/protocol";

/** A host message as a test writes it: the status fields (and `continues`, default false) may be left out. */
export type HostDraft =
  | Exclude<HostToWebview, RunEventsMessage | RunEndedMessage | RunStartedMessage | SnapshotMessage>
  | (Omit<RunEventsMessage, "statusChanges"> & { statusChanges?: NodeStatusChange[] })
  | (Omit<RunEndedMessage, "statuses"> & { statuses?: NodeStatuses })
  | (Omit<RunStartedMessage, "continues"> & { continues?: boolean })
  | { type: "snapshot"; snapshot: Omit<ViewSnapshot, "statuses"> & { statuses?: NodeStatuses } };

/** One thread's node statuses, followed through the messages a test posts (one per view). */
export class HostStatuses {
  private readonly tracker = new NodeStatusTracker();
  private known = new Set<string>();
  private assistantId: string | undefined;
  private readonly resolve = (ns: RunEvent["ns"], node: string) => resolveNodeId(ns, node, this.known);

  /** The message as the host would post it; fields the draft already has are kept (the tracker still follows them). */
  complete(msg: HostDraft): HostToWebview {
    switch (msg.type) {
      case "graph":
        if (msg.assistantId !== this.assistantId) this.tracker.reset();
        this.setGraph(msg.graph, msg.assistantId);
        return msg;
      case "runStarted":
        if (!msg.continues) this.tracker.reset();
        return { ...msg, continues: msg.continues ?? false };
      case "runEvents": {
        const made = this.events(msg.events);
        return { ...msg, statusChanges: msg.statusChanges ?? made.statusChanges };
      }
      case "runEnded": {
        this.tracker.applyOutcome(msg.outcome, this.resolve);
        return { ...msg, statuses: msg.statuses ?? this.tracker.entries() };
      }
      case "snapshot": {
        const s = msg.snapshot;
        this.tracker.reset();
        this.setGraph(s.graph, s.assistantId);
        this.events(s.events);
        if (s.outcome) this.tracker.applyOutcome(s.outcome, this.resolve);
        return { type: "snapshot", snapshot: { ...s, statuses: s.statuses ?? this.tracker.entries() } };
      }
      default:
        return msg;
    }
  }

  /** A batch of events as the host posts it: with the status changes they made (`at`: the event's index). */
  events(events: RunEvent[]): RunEventsMessage {
    const statusChanges: NodeStatusChange[] = [];
    events.forEach((event, at) => {
      const change = this.tracker.apply(event, this.resolve);
      if (change) statusChanges.push({ node: change.id, status: change.status, ...(change.note === undefined ? {} : { note: change.note }), at });
    });
    return { type: "runEvents", events, statusChanges };
  }

  private setGraph(graph: GraphData | undefined, assistantId: string | undefined): void {
    this.assistantId = assistantId;
    this.known = graphNodeIds(graph);
  }
}
