// Applies host messages to the view state. Messages are queued and applied once per animation
// frame, so a burst of token batches costs one render.
import type { Superstep } from "../src/engine/model";
import type { HostToWebview } from "../src/shared/protocol";
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
      view.supersteps = withSuperstep(view.supersteps, msg.superstep);
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

function applyEvent(event: Parameters<typeof view.tracker.apply>[0]): void {
  view.tracker.apply(event, (ns, node) => view.resolve(ns, node));
  if (event.kind === "token" || event.kind === "message") view.tokens.add(view.resolve(event.ns, event.node), event);
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

let queue: HostToWebview[] = [];
let scheduled = false;

/** Queues a message; all queued messages are applied in the next animation frame. */
export function enqueueHostMessage(msg: HostToWebview): void {
  queue.push(msg);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(flushMessages);
  }
}

/** Applies every queued message, then publishes the result once. */
export function flushMessages(): void {
  scheduled = false;
  const batch = queue;
  queue = [];
  for (const msg of batch) {
    try {
      applyHostMessage(msg);
    } catch (error) {
      // Keep what was received; say what could not be shown.
      const text = error instanceof Error ? error.message : String(error);
      view.problems = [...view.problems.slice(-4), `Could not apply a "${(msg as { type?: string }).type}" message: ${text}`];
    }
  }
  view.publish();
}
