// Applies host messages to the view state. Messages are queued and applied once per animation
// frame, so a burst of token batches costs one render. Node statuses come decided by the host
// (statusChanges, statuses); the view only paints them.
import type { RunEvent, Superstep } from "../src/engine/model";
import type { HostToWebview, RunEventsMessage } from "../src/shared/protocol";
import { isKeptLayout } from "./layout/layoutMessages";
import { CustomEventSource } from "./run/progress";
import { loadRecording } from "./run/scrub";
import { shareWith } from "./run/share";
import { view } from "./state.svelte";

/** Applies one message to the state (without publishing; see flushMessages). */
export function applyHostMessage(msg: HostToWebview): void {
  switch (msg.type) {
    case "snapshot": {
      const s = msg.snapshot;
      view.setGraph(s.graph, s.assistantId);
      view.breakpoints = s.breakpoints;
      view.clearRun();
      customSource.clear();
      view.run = s.run;
      // Before the events: the run going streamed some of them.
      if (s.run !== undefined && s.outcome === undefined) view.chat.runStarted();
      for (const event of s.events) applyEvent(event);
      view.supersteps = s.supersteps;
      for (const step of s.supersteps) view.chat.addSuperstep(step);
      view.takesMessages = s.takesMessages;
      view.chatNewThread = false;
      view.setStatuses(s.statuses);
      view.outcome = s.outcome;
      view.running = s.run !== undefined && s.outcome === undefined;
      if (s.focusedNode !== undefined) view.selectedNode = s.focusedNode;
      view.deployment = s.deployment;
      view.assistantShown = s.assistant;
      break;
    }
    case "graph":
      if (msg.assistantId !== view.assistantId) {
        view.viewport = undefined;
        view.takesMessages = undefined;
      }
      // Another assistant's run means nothing on this graph (same node names would light up).
      if (view.run && view.run.assistantId !== msg.assistantId) view.clearRun();
      view.setGraph(msg.graph, msg.assistantId);
      break;
    case "breakpoints":
      // Another assistant's (a tab pinned to this one may be told of them).
      if (msg.assistantId === undefined || view.assistantId === undefined || msg.assistantId === view.assistantId) view.breakpoints = msg.breakpoints;
      break;
    case "runStarted":
      // A continuing run goes on with the thread's story: keep its steps, tokens and statuses.
      if (msg.continues) view.outcome = undefined;
      else {
        // A message just sent from chat mode starts this run (a new thread, a fork): keep showing it.
        const sent = view.chat.sentText;
        view.clearRun();
        if (sent !== undefined) view.chat.send(sent);
      }
      view.chat.runStarted();
      customSource.clear();
      view.run = msg.run;
      view.running = true;
      view.chatNewThread = false;
      break;
    case "runEvents":
      for (const event of msg.events) applyEvent(event);
      for (const change of msg.statusChanges) view.changeStatus(change);
      break;
    case "superstep":
      view.supersteps = withSuperstep(view.supersteps, sharedStep(view.supersteps.at(-1), msg.superstep));
      view.chat.addSuperstep(msg.superstep);
      break;
    case "runEnded":
      view.outcome = msg.outcome;
      view.running = false;
      view.setStatuses(msg.statuses);
      view.chat.runEnded();
      break;
    case "selectStep":
      view.selectedStep = { step: msg.step, ns: msg.ns };
      view.pane = "supersteps";
      break;
    case "focusNode":
      view.selectedNode = msg.node;
      break;
    case "deployment":
      view.deployment = msg.deployment;
      break;
    case "assistant":
      // Another assistant's (a tab pinned to this one may be told of it) is not this graph's.
      if (view.assistantId === undefined || msg.assistant.assistantId === view.assistantId) view.assistantShown = msg.assistant;
      break;
    case "exportGraph":
      // ExportMenu makes it once the graph is laid out (the view may have just been opened).
      view.exportRequest = msg.format;
      break;
    case "pinned":
      view.pin = msg.pin;
      view.following = msg.following;
      view.ownThread = msg.own === true;
      break;
    case "recording":
      loadRecording(msg);
      break;
    case "recordingError":
      view.recordingError = { file: msg.file, line: msg.line, message: msg.message };
      break;
    case "answerChecked":
      view.answerVerdict = { requestId: msg.requestId, problems: msg.problems };
      break;
    case "chatSupport":
      if (msg.assistantId === view.assistantId) view.takesMessages = msg.takesMessages;
      break;
    case "chatRefused":
      view.chatRefusal = { requestId: msg.requestId, message: msg.message };
      view.chat.dropPending();
      break;
    case "runForm":
      view.runForm = msg;
      break;
    case "keptLayouts":
      view.hostLayouts = msg.layouts.filter(isKeptLayout);
      break;
    case "runFormChecked":
      view.runFormVerdict = { requestId: msg.requestId, problems: msg.problems };
      // The run started: the form makes room for the graph.
      if (Object.keys(msg.problems).length === 0) view.formOpen = false;
      break;
    default:
      assertNever(msg);
  }
}

const customSource = new CustomEventSource();

function applyEvent(event: RunEvent): void {
  switch (event.kind) {
    case "token":
    case "message":
      view.tokens.add(view.resolve(event.ns, event.node), event);
      view.chat.addEvent(event);
      break;
    case "taskStart": {
      customSource.follow(event);
      // A node run again starts without the last run's progress.
      const id = view.resolve(event.ns, event.node);
      if (id in view.progress) {
        const { [id]: _gone, ...rest } = view.progress;
        view.progress = rest;
      }
      break;
    }
    case "taskResult":
      customSource.follow(event);
      break;
    case "custom": {
      const node = event.node ?? customSource.nodeOf(event.ns);
      if (node !== undefined) view.progress = { ...view.progress, [view.resolve(event.ns, node)]: event.data };
      break;
    }
  }
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
 * once per frame: the events from the one at which it would change again wait for the next frame,
 * so every status a node passes through (a tool that runs for 2 ms) is painted, in order.
 */
export function flushMessages(): void {
  scheduled = false;
  const changed = new Set<string>();
  while (queue.length > 0) {
    const msg = queue[0];
    if (msg.type === "runEnded" && changed.size > 0) break;
    if (msg.type === "runEvents") {
      let rest: RunEventsMessage | undefined;
      safely(msg.type, () => (rest = applyEventsUntilRepeat(msg, changed)));
      if (rest) {
        queue[0] = rest;
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

/**
 * Applies a batch up to the event at which a node already changed this frame would change again;
 * returns the rest of the batch (its status changes re-based onto it), or undefined when all of it applied.
 */
function applyEventsUntilRepeat(msg: RunEventsMessage, changed: Set<string>): RunEventsMessage | undefined {
  const end = repeatIndex(msg, changed);
  for (const event of msg.events.slice(0, end)) applyEvent(event);
  for (const change of msg.statusChanges) {
    if (change.at >= end) continue;
    view.changeStatus(change);
    changed.add(change.node);
  }
  if (end >= msg.events.length) return undefined;
  return {
    type: "runEvents",
    events: msg.events.slice(end),
    statusChanges: msg.statusChanges.filter((c) => c.at >= end).map((c) => ({ ...c, at: c.at - end })),
  };
}

/** Index of the first event at which a node changes a second time this frame (the batch's length if none). */
function repeatIndex(msg: RunEventsMessage, changed: ReadonlySet<string>): number {
  // Where each node last changed: earlier messages of this frame count as before this batch.
  const lastAt = new Map<string, number>([...changed].map((id) => [id, -Infinity]));
  for (const change of [...msg.statusChanges].sort((a, b) => a.at - b.at)) {
    const before = lastAt.get(change.node);
    // Two changes at the same event are one step, not a repeat (splitting there would never progress).
    if (before !== undefined && before < change.at) return Math.max(0, change.at);
    lastAt.set(change.node, change.at);
  }
  return msg.events.length;
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
