// Groups a run's events into supersteps, per namespace: who ran, what they wrote and streamed,
// and the state before/after with its diff. A `checkpoints` event closes the step it reports.
import { diffStates } from "./diff";
import type { DiffEntry, Namespace, NodeRun, RunEvent, StreamedMessage, Superstep } from "./model";
import { TokenAccumulator } from "./tokens";

/** Options of a SuperstepAssembler. */
export interface SuperstepAssemblerOptions {
  /** Root state before the run (e.g. the thread's values), the "before" of the first root step. */
  initialState?: unknown;
  /** State diff function (defaults to `diffStates`). */
  diff?: (before: unknown, after: unknown) => DiffEntry[];
}

interface OpenStep {
  ns: Namespace;
  step?: number;
  nodes: NodeRun[];
  byTask: Map<string, NodeRun>;
  custom: { node?: string; data: unknown }[];
}

interface NamespaceState {
  open?: OpenStep;
  /** State after the last closed step (`undefined` before the first). */
  state: unknown;
  lastStep?: number;
  /** Tasks the last checkpoint said run next; they fill in steps with no task events (`__start__`). */
  announced: { id: string; name: string }[];
  sawCheckpoint: boolean;
}

/** Turns RunEvents into Supersteps: `push` returns the steps an event closed, `finish` flushes the rest. */
export class SuperstepAssembler {
  /** Every streamed message of the run, by id. */
  readonly tokens = new TokenAccumulator();
  private readonly namespaces = new Map<string, NamespaceState>();
  /** Namespaces in the order their current open step was opened, so `finish` flushes inner ones first. */
  private readonly openOrder: string[] = [];
  private readonly diff: (before: unknown, after: unknown) => DiffEntry[];
  private sawCheckpoint = false;

  constructor(options: SuperstepAssemblerOptions = {}) {
    this.diff = options.diff ?? diffStates;
    if (options.initialState !== undefined) this.nsState([]).state = options.initialState;
  }

  /** Feeds one event; returns the supersteps it closed (usually none). */
  push(event: RunEvent): Superstep[] {
    switch (event.kind) {
      case "taskStart": {
        const closed = this.closeIfStepMoved(event.ns, event.step);
        const run = this.nodeRun(event.ns, event.taskId, event.node, event.step);
        run.startedAt ??= event.receivedAt;
        return closed;
      }
      case "taskResult": {
        const run = this.nodeRun(event.ns, event.taskId, event.node);
        run.finishedAt = event.receivedAt;
        if (event.result !== null) run.writes = event.result;
        if (event.error) run.error = event.error;
        if (event.interrupts.length > 0) run.interrupts = event.interrupts;
        return [];
      }
      case "update": {
        const run = this.nodeRunByName(event.ns, event.node);
        run.writes ??= event.values;
        run.finishedAt ??= event.receivedAt;
        return [];
      }
      case "token":
      case "message": {
        const closed = this.closeIfStepMoved(event.ns, event.step);
        const message = this.tokens.push(event) as StreamedMessage;
        const run = event.taskId
          ? this.nodeRun(event.ns, event.taskId, event.node, event.step)
          : this.nodeRunByName(event.ns, event.node, event.step);
        run.startedAt ??= event.receivedAt;
        const list = run.messages;
        if (list[list.length - 1] !== message && !list.includes(message)) list.push(message);
        return closed;
      }
      case "custom": {
        const open = this.openStep(event.ns);
        const running = open.nodes.filter((n) => n.finishedAt === undefined);
        open.custom.push(running.length === 1 ? { node: running[0].node, data: event.data } : { data: event.data });
        return [];
      }
      case "checkpoint": {
        this.sawCheckpoint = true;
        const ns = this.nsState(event.ns);
        const first = !ns.sawCheckpoint;
        ns.sawCheckpoint = true;
        const announced = ns.announced;
        ns.announced = event.tasks;
        if (!ns.open && first && event.source !== "input") {
          // A resumed or forked run starts by repeating the thread's current checkpoint: a baseline, not a step.
          ns.state = event.values;
          ns.lastStep = event.step;
          return [];
        }
        const open = this.openStep(event.ns);
        for (const task of announced) if (!open.byTask.has(task.id)) this.nodeRun(event.ns, task.id, task.name);
        return [this.close(open, event.step, event.values, event.checkpointId)];
      }
      case "values": {
        // Without `checkpoints` in the stream, `values` (the state after each step) closes the step.
        if (this.sawCheckpoint) return [];
        const ns = this.nsState(event.ns);
        if (!ns.open || ns.open.nodes.length === 0) {
          ns.state = event.values;
          return [];
        }
        return [this.close(ns.open, ns.open.step ?? (ns.lastStep ?? -1) + 1, event.values)];
      }
      default:
        return [];
    }
  }

  /** Closes every open step (the run ended mid-step: paused, failed or cancelled); innermost first. */
  finish(): Superstep[] {
    const closed: Superstep[] = [];
    for (const key of [...this.openOrder].reverse()) {
      const ns = this.namespaces.get(key);
      if (!ns?.open) continue;
      const step = ns.open.step ?? (ns.lastStep ?? -1) + 1;
      const superstep = this.close(ns.open, step, ns.state);
      superstep.incomplete = true;
      closed.push(superstep);
    }
    return closed;
  }

  private nsState(ns: Namespace): NamespaceState {
    const key = ns.join("|");
    let state = this.namespaces.get(key);
    if (!state) {
      state = { state: undefined, announced: [], sawCheckpoint: false };
      this.namespaces.set(key, state);
    }
    return state;
  }

  private openStep(ns: Namespace, step?: number): OpenStep {
    const state = this.nsState(ns);
    if (!state.open) {
      state.open = { ns, step, nodes: [], byTask: new Map(), custom: [] };
      this.openOrder.push(ns.join("|"));
    } else if (state.open.step === undefined && step !== undefined) {
      state.open.step = step;
    }
    return state.open;
  }

  /** Without checkpoints, a task or token of a later step than the open one closes the open one. */
  private closeIfStepMoved(ns: Namespace, step: number | undefined): Superstep[] {
    if (step === undefined) return [];
    const state = this.namespaces.get(ns.join("|"));
    const open = state?.open;
    if (!open || open.step === undefined || step <= open.step) return [];
    return [this.close(open, open.step, state.state)];
  }

  private nodeRun(ns: Namespace, taskId: string, node: string, step?: number): NodeRun {
    const open = this.openStep(ns, step);
    let run = open.byTask.get(taskId);
    if (!run) {
      run = { node, taskId, ns, messages: [], interrupts: [] };
      open.byTask.set(taskId, run);
      open.nodes.push(run);
    }
    return run;
  }

  /** The node's run in the open step when its task id is unknown (streams without `tasks`). */
  private nodeRunByName(ns: Namespace, node: string, step?: number): NodeRun {
    const open = this.openStep(ns, step);
    const existing = open.nodes.find((n) => n.node === node && n.writes === undefined) ?? open.nodes.find((n) => n.node === node);
    if (existing) return existing;
    // The last checkpoint named the task ids of this step: take the matching one if there is one.
    const announced = this.nsState(ns).announced.find((t) => t.name === node && !open.byTask.has(t.id));
    return this.nodeRun(ns, announced?.id ?? `${node}@${open.nodes.length}`, node, step);
  }

  private close(open: OpenStep, step: number, stateAfter: unknown, checkpointId?: string): Superstep {
    const key = open.ns.join("|");
    const ns = this.nsState(open.ns);
    const stateBefore = ns.state;
    const superstep: Superstep = {
      step,
      ns: open.ns,
      nodes: open.nodes,
      stateBefore,
      stateAfter,
      diff: stateAfter === stateBefore ? [] : this.diff(stateBefore, stateAfter),
    };
    if (checkpointId !== undefined) superstep.checkpointId = checkpointId;
    if (open.custom.length > 0) superstep.custom = open.custom;
    ns.state = stateAfter;
    ns.lastStep = step;
    ns.open = undefined;
    const at = this.openOrder.indexOf(key);
    if (at >= 0) this.openOrder.splice(at, 1);
    return superstep;
  }
}
