// The one owner of the thread being debugged and of the run in progress. The graph view, the status
// bar and the debug adapter all listen to it; commands and DAP requests all act through it. Every
// run gets a generation: a run superseded by a newer one (or by `forget`) can never write into the
// newer one's story or target. No `vscode` import: tested against the real servers without VS Code.
import type { GraphSchema } from "@langchain/langgraph-sdk";
import type { LangGraphApi, RunStream, RunStreamOptions, RunStreamPayload } from "../client";
import type { GraphData, RunOutcome, RunStatus, SseMessage, Superstep } from "../model";
import { describeOutcome } from "../outcome";
import { messageOf } from "../errorMessage";
import { runSession, type ThreadHead } from "../runSession";
import { lineageSupersteps } from "../checkpointTimeline";
import { diffStates } from "../diff";
import { resumeCommand, type ResumeRequest } from "../resumeCommand";
import { findRunToFollow, stepsBefore, stepsMissing, watchRunStatus } from "./followRun";
import { describeBreaks, latestCheckpoint, topLevelBreaks, type Breaks } from "./breaks";
import { ThreadStory, type StorySnapshot } from "./threadStory";
import { graphChanges, outcomeAfterRestart, RunLostToReloadError, watchReconnects, type CodeReload, type CuttableRun } from "./codeReload";
import { DriverGraphs } from "./driverGraphs";

import { outcomeAt, runRequest, StaleStateError, statusOf, type DriverDeps, type DriverEvent, type DriverTarget, type OpenStream, type RunRequest, type StartRequest } from "./driverTypes";

export type { Breaks } from "./breaks";
export { StaleStateError, statusOf, type DriverDeps, type DriverEvent, type DriverTarget, type RunRequest, type StartRequest } from "./driverTypes";

interface ActiveRun extends CuttableRun {
  generation: number;
  stream?: RunStream;
  /** The code was reloaded while it went: steps the stream missed are read from history at its end. */
  reloaded?: boolean;
}

/**
 * Measured (docs/SERVER-DIFFERENCES.md §8c): with "exit" the Python server keeps only the run's last
 * checkpoint in the thread's history (the stream still shows every step); the JS server 2.0 ignores it.
 */
export const DURABILITY_EXIT_WARNING =
  'This run saves checkpoints only when it ends (durability "exit"): breakpoints still pause it, but time travel (Show checkpoint, Re-run from checkpoint, Step Back) will not reach the steps in between, and a run that fails leaves no checkpoint to go on from. Leave durability out (or "async") to debug step by step.';

/** Owns the thread being debugged, its story and the run in progress. */
export class ThreadDriver {
  private readonly listeners = new Set<(event: DriverEvent) => void>();
  private generation = 0;
  private active: ActiveRun | undefined;
  private targetValue: DriverTarget | undefined;
  private storyValue: ThreadStory | undefined;
  private readonly graphs = new DriverGraphs((assistantId, graph) => {
    if (this.storyValue?.assistantId === assistantId) this.storyValue.useGraph(graph);
    this.emit({ type: "graph", assistantId, graph });
  });

  constructor(private readonly deps: DriverDeps) {}

  /** Subscribes to what happens; returns a disposable. */
  onEvent(listener: (event: DriverEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get target(): DriverTarget | undefined {
    return this.targetValue;
  }

  /** What the thread is doing: `running`, how its last run ended, or `idle`. */
  get status(): RunStatus {
    return statusOf(this.targetValue);
  }

  /** A copy of the thread's story (supersteps, events, statuses, outcome). */
  story(): StorySnapshot | undefined {
    return this.storyValue?.snapshot();
  }

  /** The story's supersteps as they are now, to read at once (no copy of the story's events; it grows while a run goes). */
  supersteps(): readonly Superstep[] {
    return this.storyValue?.supersteps ?? [];
  }

  /** The graph shown, if any. */
  get graph(): { assistantId: string; graph: GraphData } | undefined {
    return this.graphs.shown;
  }

  /** Loads and shows an assistant's graph (xray), unless it is the one shown already. */
  async showGraph(assistantId: string): Promise<GraphData> {
    return this.graphs.show(await this.deps.client(), assistantId);
  }

  /**
   * The deployment's code may have been reloaded: re-reads the graph of `assistantId` (default: the
   * one shown). When `files` were saved and the server `restarted`, or when the graph differs, it
   * drops the cached schemas, shows the new graph (the `graph` event redraws every view) and emits
   * `codeReloaded` with the nodes added and removed. A run whose stream the restart cut is ended as
   * failed (the JS dev server loses it, see RunLostToReloadError); a run whose stream survived (the
   * Python server retries it with the new code) goes on, its missed steps read from history at its end.
   */
  async reloadCode(options: { assistantId?: string; files?: string[]; restarted?: boolean } = {}): Promise<CodeReload | undefined> {
    const files = options.files ?? [];
    const client = await this.deps.client();
    const assistantId = options.assistantId ?? this.graphs.shown?.assistantId;
    if (!assistantId) return undefined;
    const { graph, before, changed, shown } = await this.graphs.look(client, assistantId);
    if (!changed && !options.restarted) return undefined;
    this.graphs.dropSchemas();
    const active = this.active;
    if (active && options.restarted) {
      // Measured: the JS CLI restarts its process and leaves the run `running` for ever (its re-joined
      // stream never ends); the Python server retries the run with the new code (the stream goes on).
      const info = active.cut ? await client.info?.({ signal: AbortSignal.timeout(2_000) }).catch(() => undefined) : undefined;
      if (info?.langgraph_js_version !== undefined) active.controller.abort(new RunLostToReloadError(files));
      else active.reloaded = true;
    }
    if (shown && changed) this.graphs.replaceShown(graph);
    const reload: CodeReload = { assistantId, files, graph, ...graphChanges(before, graph) };
    this.emit({ type: "codeReloaded", ...reload });
    return reload;
  }

  /**
   * An assistant's schemas, fetched once per deployment (the JS server's first call takes seconds),
   * from `on` when given (a debug session's own client), else from the driver's deployment.
   */
  async schemas(assistantId: string, on?: LangGraphApi): Promise<GraphSchema> {
    return this.graphs.schemas(on ?? (await this.deps.client()), assistantId);
  }

  /** Starts a run with input on a new or existing thread. The same thread's story goes on. */
  async start(request: StartRequest): Promise<RunOutcome | undefined> {
    const client = await this.deps.client();
    const existing = request.threadId;
    const threadId = existing ?? (await client.threads.create()).thread_id;
    const sameThread = this.targetValue?.threadId === threadId && this.targetValue.assistantId === request.assistantId;
    // Said before the run starts, while it can still be cancelled and started again without it.
    if (request.durability === "exit") this.warn(DURABILITY_EXIT_WARNING);
    const payload: RunStreamPayload = { input: request.input, command: request.command, config: request.config, context: request.context, durability: request.durability };
    const breaks = request.breaks ?? this.deps.breakpoints(request.assistantId);
    if (existing && request.fromCheckpoint) {
      // A fork: the story is the checkpoint's lineage, then this run.
      payload.checkpoint_id = request.fromCheckpoint;
      const earlier = lineageSupersteps(await client.threads.history(existing, { limit: 1000 }), request.fromCheckpoint, diffStates);
      return this.execute("start", request.assistantId, threadId, payload, breaks, false, { earlier });
    }
    if (sameThread && this.targetValue?.forkFrom) payload.checkpoint_id = this.targetValue.forkFrom;
    else if (existing) payload.config = latestCheckpoint(request.config);
    return this.execute("start", request.assistantId, threadId, payload, breaks, sameThread);
  }

  /** Goes on from the pause to the next breakpoint or the end (`breaks`: this run's instead of the assistant's). */
  async continue(breaks?: Breaks): Promise<RunOutcome | undefined> {
    const target = this.pausedTarget("Continue");
    return this.goOn("continue", target, { input: null }, breaks ?? this.deps.breakpoints(target.assistantId));
  }

  /** Runs one superstep and pauses again (`breaks`: whose `interruptBefore` to keep, instead of the assistant's). */
  async step(breaks?: Breaks): Promise<RunOutcome | undefined> {
    const target = this.pausedTarget("Step");
    const { interruptBefore } = breaks ?? this.deps.breakpoints(target.assistantId);
    return this.goOn("step", target, { input: null }, { interruptBefore, interruptAfter: "*" });
  }

  /**
   * Answers the `interrupt()` the thread waits on (a map keyed by interrupt id answers several);
   * `breaks` as in `continue`; `extra`: state to write and node(s) to jump to with the answer.
   */
  async resume(value: unknown, breaks?: Breaks, extra: { update?: Record<string, unknown>; goto?: string | string[] } = {}): Promise<RunOutcome | undefined> {
    const target = this.pausedTarget("Resume");
    return this.goOn("resume", target, { command: { resume: value, ...extra } }, breaks ?? this.deps.breakpoints(target.assistantId));
  }

  /** Resumes as asked (one value, answers by id, update, goto), checked against the interrupts that wait. */
  async answer(request: ResumeRequest, breaks?: Breaks): Promise<RunOutcome | undefined> {
    const outcome = this.pausedTarget("Resume").outcome;
    const { resume, ...extra } = resumeCommand(request, outcome?.status === "waiting" ? outcome.interrupts : []);
    return this.resume(resume, breaks, extra);
  }

  /** Runs again from a checkpoint of a thread (a fork), with the assistant's breakpoints. */
  async runFromCheckpoint(assistantId: string, threadId: string, checkpointId: string): Promise<RunOutcome | undefined> {
    await this.showCheckpoint(assistantId, threadId, checkpointId, { travel: true });
    return this.continue();
  }

  /**
   * Shows the thread's story up to a checkpoint, rebuilt from history. With `travel`, the checkpoint
   * also becomes where Continue and Step go on from (a fork, as LangGraph time travel does);
   * without, the thread stays where it is (its newest checkpoint) and the past is only shown.
   * Returns the checkpoint's superstep. With no `checkpointId`, the thread's newest checkpoint (a
   * thread picked in the Threads view).
   */
  async showCheckpoint(assistantId: string, threadId: string, checkpointId: string | undefined, options: { travel?: boolean } = {}): Promise<Superstep> {
    if (this.targetValue?.running) throw new Error("A run is in progress: cancel it or wait for it to pause before travelling in time.");
    const client = await this.deps.client();
    const graph = await this.showGraph(assistantId).catch(() => undefined);
    const history = await client.threads.history(threadId, { limit: 1000 });
    if (!checkpointId && history.length === 0) throw new Error(`Thread ${threadId} has no checkpoints yet: it has never run.`);
    checkpointId ??= history[0]?.checkpoint.checkpoint_id ?? undefined;
    const steps = checkpointId ? lineageSupersteps(history, checkpointId, diffStates) : [];
    const shown = steps.at(-1);
    if (!shown) throw new Error(`Checkpoint ${checkpointId ?? "(none)"} is not in the history of thread ${threadId}.`);
    // History is newest first: without travel the thread is where its newest checkpoint is.
    const at = options.travel ? history.find((h) => h.checkpoint.checkpoint_id === checkpointId) : history[0];
    const outcome = outcomeAt(at);
    this.generation++;
    const story = new ThreadStory(assistantId, threadId, graph);
    this.storyValue = story;
    this.emit({ type: "runStarted", threadId, assistantId, continues: false });
    for (const step of steps) this.addStep(story, step);
    story.markRan(steps);
    story.end(outcome);
    this.emit({ type: "runEnded", outcome, statuses: story.statuses(), fromHistory: true });
    const atId = at?.checkpoint.checkpoint_id ?? undefined;
    const headId = history[0]?.checkpoint.checkpoint_id ?? undefined;
    this.setTarget({ assistantId, threadId, checkpointId: headId, forkFrom: options.travel && atId !== headId ? atId : undefined, outcome, running: false });
    return shown;
  }

  /**
   * Writes state to the thread as `asNode` (or, with `checkpointId`, to a fork of that checkpoint).
   * `basedOn` is the checkpoint the edit was made against: when the thread has moved on since, the
   * write is refused with a StaleStateError unless `force`. The edit is added to the story as a step.
   */
  async updateState(threadId: string, values: Record<string, unknown>, options: { asNode?: string; checkpointId?: string; basedOn?: string; force?: boolean } = {}): Promise<string | undefined> {
    const client = await this.deps.client();
    if (this.targetValue?.running && this.targetValue.threadId === threadId) throw new Error("The run is still going: wait for it to pause before editing its state.");
    const before = options.checkpointId ? await client.threads.stateAt(threadId, options.checkpointId) : await client.threads.state(threadId);
    const current = before.checkpoint?.checkpoint_id ?? undefined;
    if (options.basedOn && !options.checkpointId && !options.force && current !== options.basedOn) throw new StaleStateError(threadId, options.basedOn, current);
    const result = await client.threads.updateState(threadId, { values, asNode: options.asNode, checkpointId: options.checkpointId });
    const written = result.checkpoint?.checkpoint_id ?? undefined;
    const after = await client.threads.state(threadId);
    this.deps.log?.info(`State of thread ${threadId} written${options.asNode ? ` as ${options.asNode}` : ""}: checkpoint ${written ?? "?"}`);
    const story = this.storyValue;
    if (story && story.threadId === threadId && !options.checkpointId) {
      const step: Superstep = {
        step: story.nextRootStep(),
        ns: [],
        source: "update",
        checkpointId: written,
        nodes: options.asNode ? [{ node: options.asNode, taskId: `edit-${written ?? story.nextRootStep()}`, ns: [], messages: [], interrupts: [], writes: values }] : [],
        stateBefore: before.values,
        stateAfter: after.values,
        diff: diffStates(before.values, after.values),
      };
      this.addStep(story, step);
      const outcome: RunOutcome | undefined = after.next.length ? { status: "paused", when: "before", nodes: after.next } : story.outcome;
      this.setTarget({ ...this.targetValue!, checkpointId: after.checkpoint?.checkpoint_id ?? written, outcome });
    }
    return written;
  }

  /** Stops the run in progress on the server (`interrupt` keeps the checkpoint before the running step). */
  async cancel(action?: "interrupt" | "rollback"): Promise<void> {
    const stream = this.active?.stream;
    if (!this.active) throw new Error("No run is in progress.");
    this.deps.log?.info("Cancelling the run");
    if (stream) await stream.cancel({ wait: true, action });
    else this.active.controller.abort();
  }

  /** Forgets the thread and stops following its run (another deployment was chosen). */
  forget(): void {
    this.generation++;
    this.active?.controller.abort();
    this.active = undefined;
    this.storyValue = undefined;
    this.graphs.forget();
    this.setTarget(undefined);
  }

  /** Stops following the run without cancelling it on the server. */
  dispose(): void {
    this.generation++;
    this.active?.controller.abort();
    this.listeners.clear();
  }

  private pausedTarget(action: string): DriverTarget {
    const target = this.targetValue;
    if (!target) throw new Error(`${action}: no thread is being debugged. Start one with "LangGraph: Stream run".`);
    if (target.running) throw new Error(`${action}: the run is still going; wait for it to pause.`);
    return target;
  }

  /**
   * Continue, Step and Resume: from the checkpoint time travel chose, else from the latest, named
   * as such: the JS server would otherwise merge the checkpoint of an earlier fork back in
   * (SERVER-FACTS, "Found later"), and naming the latest by id makes the Python server fork.
   */
  private goOn(kind: RunRequest["kind"], target: DriverTarget, payload: RunStreamPayload, breaks: Breaks): Promise<RunOutcome | undefined> {
    const withCheckpoint: RunStreamPayload = target.forkFrom ? { ...payload, checkpoint_id: target.forkFrom } : { ...payload, config: latestCheckpoint(payload.config) };
    return this.execute(kind, target.assistantId, target.threadId, withCheckpoint, breaks, true);
  }

  /**
   * Follows a run already going on the thread (started by someone else): `runId`, or the thread's
   * running (or pending) run. A resumable run's stream is joined from the start ("-1") and fed on
   * exactly like a run started here; a run that is not resumable is only watched (a join would take
   * events from its own client) and its steps are read from history when it stops. The story starts
   * with the thread's steps before the run. The run's own breakpoints tell a pause before from after.
   */
  async follow(assistantId: string, threadId: string, runId?: string): Promise<RunOutcome | undefined> {
    const client = await this.deps.client();
    const { run, interruptBefore, interruptAfter, resumable } = await findRunToFollow(client, threadId, runId);
    this.deps.log?.info(`Following run ${run.run_id} on thread ${threadId}`);
    if (!resumable) this.deps.log?.warn(`Run ${run.run_id} was started without stream_resumable: joining its stream would take events from the client that started it, so only its status is watched; its steps are read from history when it stops.`);
    const earlier = await stepsBefore(client, threadId, run).catch((error: unknown) => {
      this.deps.log?.warn(`The thread's history before run ${run.run_id} could not be read: ${messageOf(error)}`);
      return [];
    });
    const open: OpenStream = resumable
      ? (signal, options) => client.runs.join(threadId, run.run_id, { ...options, signal, lastEventId: "-1" })
      : async (signal) => watchRunStatus(client, threadId, run.run_id, signal);
    return this.execute("follow", run.assistant_id || assistantId, threadId, open, { interruptBefore, interruptAfter }, false, { joined: true, earlier, stepsFromHistory: !resumable });
  }

  private async execute(kind: RunRequest["kind"], assistantId: string, threadId: string, payloadOrOpen: RunStreamPayload | OpenStream, breaks: Breaks, continues: boolean, options: { joined?: boolean; earlier?: Superstep[]; stepsFromHistory?: boolean } = {}): Promise<RunOutcome | undefined> {
    const client = await this.deps.client();
    const generation = ++this.generation;
    await this.stopActive();
    if (generation !== this.generation) return undefined;
    const controller = new AbortController();
    const active: ActiveRun = { generation, controller };
    this.active = active;
    const graph = await this.showGraph(assistantId).catch((error: unknown) => {
      this.deps.log?.warn(`No graph for ${assistantId}: ${messageOf(error)}`);
      return undefined;
    });
    if (generation !== this.generation) return undefined;
    // A followed run's breakpoints are its own: nothing to warn about.
    const request = options.joined ? breaks : this.topLevelBreaks(breaks);
    const goesOn = continues && this.storyValue?.threadId === threadId && this.storyValue.assistantId === assistantId;
    const story = goesOn ? this.storyValue! : new ThreadStory(assistantId, threadId, graph);
    this.storyValue = story;
    story.runStarted();
    this.setTarget({ assistantId, threadId, checkpointId: this.targetValue?.checkpointId, forkFrom: this.targetValue?.forkFrom, running: true });
    this.emit({ type: "runStarted", threadId, assistantId, continues: goesOn, request: runRequest(kind, payloadOrOpen, request) });
    if (!goesOn && options.earlier?.length) {
      for (const step of options.earlier) this.addStep(story, step);
      story.markRan(options.earlier);
    }
    if (!options.joined) this.deps.log?.info(`Run on thread ${threadId} (assistant ${assistantId})${describeBreaks(request)}`);
    let outcome: RunOutcome | undefined;
    let head: ThreadHead | undefined;
    try {
      const streamOptions: RunStreamOptions = { cancelOnAbort: false, onReconnect: watchReconnects(active, client, () => this.active === active, (m) => this.deps.log?.warn(m)) };
      const stream =
        typeof payloadOrOpen === "function"
          ? await payloadOrOpen(controller.signal, streamOptions)
          : await client.runs.stream(threadId, assistantId, { ...payloadOrOpen, interrupt_before: request.interruptBefore, interrupt_after: request.interruptAfter }, { ...streamOptions, signal: controller.signal });
      active.stream = stream;
      const onMessage = (message: SseMessage, receivedAt: number) => {
        if (generation === this.generation) this.emit({ type: "wire", message, receivedAt });
      };
      const session = runSession(stream, { threads: client.threads, threadId, interruptBefore: request.interruptBefore, interruptAfter: request.interruptAfter, signal: controller.signal, initialState: story.lastRootState(), onMessage });
      for await (const item of session) {
        if (generation !== this.generation) break;
        if (item.type === "events") {
          const statusChanges = story.addEvents(item.events);
          this.emit({ type: "events", events: item.events, statusChanges });
        } else if (item.type === "superstep") {
          this.addStep(story, item.superstep);
        } else {
          outcome = item.outcome;
          head = item.head;
        }
      }
      outcome = outcomeAfterRestart(outcome, controller.signal.reason, active.restartCheck !== undefined);
      if ((options.stepsFromHistory || active.reloaded) && head?.checkpointId && generation === this.generation) {
        for (const step of await stepsMissing(client, threadId, head.checkpointId, story.supersteps)) this.addStep(story, step);
      }
      if (outcome) this.deps.log?.info(`Run ${stream.runId ?? ""} ended: ${describeOutcome(outcome)}`);
    } catch (error) {
      // The server refused the run (unknown thread, bad input, busy): the run ends failed, and the caller hears why.
      if (generation === this.generation) this.finish(story, { status: "failed", message: messageOf(error) }, undefined);
      throw error;
    } finally {
      if (this.active === active) this.active = undefined;
    }
    if (generation !== this.generation || !outcome) return undefined;
    this.finish(story, outcome, head);
    return outcome;
  }

  private addStep(story: ThreadStory, step: Superstep): void {
    story.addSuperstep(step);
    this.emit({ type: "superstep", superstep: step });
  }

  private finish(story: ThreadStory, outcome: RunOutcome, head: ThreadHead | undefined): void {
    story.end(outcome);
    this.emit(head ? { type: "runEnded", outcome, statuses: story.statuses(), head } : { type: "runEnded", outcome, statuses: story.statuses() });
    this.setTarget({ assistantId: story.assistantId, threadId: story.threadId, checkpointId: head?.checkpointId, outcome, running: false });
  }

  /** One run at a time: a run still going is cancelled on the server before the next starts. */
  private async stopActive(): Promise<void> {
    const previous = this.active;
    if (!previous) return;
    this.active = undefined;
    if (previous.stream) await previous.stream.cancel({ wait: true }).catch((error: unknown) => this.deps.log?.warn(`Could not cancel the previous run: ${messageOf(error)}`));
    previous.controller.abort();
  }

  /** The server honours run-level breakpoints only on top-level nodes: say so rather than ignore them. */
  private topLevelBreaks(breaks: Breaks): Breaks {
    const { breaks: honoured, dropped } = topLevelBreaks(breaks);
    if (dropped.length > 0) {
      this.warn(`Breakpoints inside subgraphs are not honoured by the LangGraph server (run-level interrupts apply to top-level nodes only): ${dropped.join(", ")}. Set one on the subgraph's node instead.`);
    }
    return honoured;
  }

  private warn(message: string): void {
    this.deps.log?.warn(message);
    this.emit({ type: "warning", message });
  }

  private setTarget(target: DriverTarget | undefined): void {
    this.targetValue = target;
    this.emit({ type: "target", target });
  }

  private emit(event: DriverEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
