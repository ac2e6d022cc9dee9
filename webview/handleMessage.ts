// Applies host messages to the view state. Messages are queued and applied once per animation
// frame, so a burst of token batches costs one render.
import type { RunEvent, Superstep } from "../src/engine/model";
import type { HostToWebview } from "../src/shared/protocol";
import { shareWith } from "./run/share";
import { view } from "./state.svelte";

/** Applies one message to the state (without publishing; see flushMessages). */
export function applyHostMessage(msg: HostToWebview): void {
  switch (msg.type) {
    case "snapshot": {
      const s = msg.snapshot;
      view.deployment = s.deployment;
      view.setGraph(s.graph, s.assistantId);
      view.breakpoints = s.breakpoints;
      view.clearRun();
      view.run = s.run;
      for (const event of s.events) applyEvent(event);
      view.supersteps = s.supersteps;
      view.outcome = s.outcome;
      view.running = s.run !== undefined && s.outcome === undefined;
      if (s.outcome) view.tracker.applyOutcome(s.outcome, (ns, node) => view.resolve(ns, node));
      break;
    }
    case "graph":
      if (msg.assistantId !== view.assistantId) view.viewport = undefined;
      // Another assistant's run means nothing on this graph (same node names would light up).
      if (view.run && view.run.assistantId !== msg.assistantId) view.clearRun();
      view.setGraph(msg.graph, msg.assistantId);
      break;
    case "breakpoints":
      view.breakpoints = msg.breakpoints;
      break;
    case "runStarted":
      view.clearRun();
      view.run = msg.run;
      view.running = true;
      break;
    case "runEvents":
      for (const event of msg.events) applyEvent(event);
      break;
    case "superstep":
      view.supersteps = withSuperstep(view.supersteps, sharedStep(view.supersteps.at(-1), msg.superstep));
      break;
    case "runEnded":
      view.outcome = msg.outcome;
      view.running = false;
      view.tracker.applyOutcome(msg.outcome, (ns, node) => view.resolve(ns, node));
      break;
    case "selectStep":
      view.selectedStep = msg.step;
      view.pane = "supersteps";
      break;
    default:
      assertNever(msg);
  }
}

function applyEvent(event: RunEvent): void {
  view.tracker.apply(event, (ns, node) => view.resolve(ns, node));
  if (event.kind === "token" || event.kind === "message") view.tokens.add(view.resolve(event.ns, event.node), event);
}

/** The step with its states sharing every unchanged part with the previous step's (see share.ts). */
function sharedStep(prev: Superstep | undefined, step: Superstep): Superstep {
  const stateBefore = shareWith(prev?.stateAfter, step.stateBefore);
  return { ...step, stateBefore, stateAfter: shareWith(stateBefore, step.stateAfter) };
}

/** Adds a superstep, replacing one with the same step and namespace (a re-sent step). */
function withSuperstep(list: Superstep[], step: Superstep): Superstep[] {
  const key = step.ns.join("|");
  const i = list.findIndex((s) => s.step === step.step && s.ns.join("|") === key);
  if (i < 0) return [...list, step];
  const next = list.slice();
  next[i] = step;
  return next;
}

/** Exhaustiveness guard (local: the webview takes only types from the shared protocol). */
function assertNever(value: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(value)}`);
}

const queue: HostToWebview[] = [];
let scheduled = false;

/** Queues a message; queued messages are applied in the next animation frame. */
export function enqueueHostMessage(msg: HostToWebview): void {
  queue.push(msg);
  schedule();
}

function schedule(): void {
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(flushMessages);
  }
}

/**
 * Applies the queued messages, then publishes the result once. A node's status changes at most
 * once per frame: the events from the one that would change it again wait for the next frame, so
 * every status a node passes through (a tool that runs for 2 ms) is painted, in order.
 */
export function flushMessages(): void {
  scheduled = false;
  const changed = new Set<string>();
  while (queue.length > 0) {
    const msg = queue[0];
    if (msg.type === "runEnded" && changed.size > 0) break;
    if (msg.type === "runEvents") {
      let applied = msg.events.length;
      safely(msg.type, () => (applied = applyEventsUntilRepeat(msg.events, changed)));
      if (applied < msg.events.length) {
        queue[0] = { type: "runEvents", events: msg.events.slice(applied) };
        break;
      }
    } else {
      safely(msg.type, () => applyHostMessage(msg));
    }
    queue.shift();
  }
  view.publish();
  if (queue.length > 0) schedule();
}

/** Applies events up to the first that would change a node already changed this frame; returns how many it applied. */
function applyEventsUntilRepeat(events: readonly RunEvent[], changed: Set<string>): number {
  const resolve = (ns: RunEvent["ns"], node: string) => view.resolve(ns, node);
  for (let i = 0; i < events.length; i++) {
    const change = view.tracker.changeFor(events[i], resolve);
    if (change && change.status !== view.tracker.statusOf(change.id)) {
      if (changed.has(change.id)) return i;
      changed.add(change.id);
    }
    applyEvent(events[i]);
  }
  return events.length;
}

function safely(type: string, apply: () => void): void {
  try {
    apply();
  } catch (error) {
    // Keep what was received; say what could not be shown.
    const text = error instanceof Error ? error.message : String(error);
    view.problems = [...view.problems.slice(-4), `Could not apply a "${type}" message: ${text}`];
  }
}
