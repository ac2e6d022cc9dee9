// The `langgraph` debug type: a Debug Adapter Protocol session that only translates between DAP and
// the ThreadDriver (the runtime). Every run goes through the driver, so in VS Code the graph view fed
// by the same driver shows the same run. One LangGraph thread is DAP thread 1; each pending task of
// the thread is a stack frame. No `vscode` import: runs in-process or over stdio (debugAdapter.ts).
import { ExitedEvent, InitializedEvent, InvalidatedEvent, LoggingDebugSession, OutputEvent, StoppedEvent, TerminatedEvent, ContinuedEvent } from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { LangGraphClient } from "../engine/client";
import { ThreadDriver, type DriverDeps, type DriverEvent } from "../engine/driver/threadDriver";
import type { DiffEntry, RunOutcome } from "../engine/model";
import { diffStates } from "../engine/diff";
import { BreakpointTable } from "./breakpoints";
import { ConsoleWriter } from "./consoleWriter";
import { resolveLaunch, resolveAttach, type AttachArguments, type LaunchArguments, type Resolved } from "./launch";
import { readStop, type Stop } from "./stopView";
import { CAPABILITIES, StopInspector } from "./inspector";

/** The one DAP thread: a LangGraph thread. */
const THREAD_ID = 1;

/** How the session gets its client and driver (the extension passes its shared driver). */
export interface LangGraphSessionOptions {
  /** The client of a deployment URL (API key from the host or the environment). */
  createClient(apiUrl: string): LangGraphClient;
  /** A shared driver, or a factory given the session's deps; default a new ThreadDriver of its own. */
  driver?: ThreadDriver | ((deps: DriverDeps) => ThreadDriver);
  /**
   * Asks the person for the answer to an interrupt (VS Code: an input box), so Continue on a node
   * waiting in interrupt() can resume it. Without it, Continue there says to send `resume`.
   */
  askResumeValue?(question: string): Promise<{ value: unknown } | undefined>;
}

type RunKind = "start" | "continue" | "step" | "resume";

/** A DAP session over a ThreadDriver. */
export class LangGraphDebugSession extends LoggingDebugSession {
  private readonly breakpoints = new BreakpointTable();
  private readonly inspector = new StopInspector();
  private readonly console = new ConsoleWriter((text, category) => this.sendEvent(new OutputEvent(text, category)));
  private driverValue: ThreadDriver | undefined;
  private subscription: { dispose(): void } | undefined;
  private client: LangGraphClient | undefined;
  private resolved: Resolved | undefined;
  private configured = false;
  private started = false;
  private running = false;
  private pausing = false;
  private ended = false;
  private current: Stop | undefined;
  private readonly stops: string[] = [];
  private diffs: DiffEntry[] = [];
  /** State at the previous pause of the run (a stop, or a pause the session went on from). */
  private pausedState: unknown;
  private filters = new Set(["nodeError", "interrupt"]);
  /** Stopped on the run's last step: going on ends the session. */
  private atEnd = false;

  constructor(private readonly options: LangGraphSessionOptions) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  private get driver(): ThreadDriver {
    if (!this.driverValue) {
      const deps: DriverDeps = {
        client: async () => {
          if (!this.client) throw new Error("No deployment: launch or attach first.");
          return this.client;
        },
        breakpoints: () => this.breakpoints.breaks(),
        log: { info: (m) => this.console.line(m), warn: (m) => this.console.line(m, "important") },
      };
      const given = this.options.driver;
      this.driverValue = given instanceof ThreadDriver ? given : given ? given(deps) : new ThreadDriver(deps);
      this.subscription = this.driverValue.onEvent((e) => this.onDriverEvent(e));
    }
    return this.driverValue;
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = { ...response.body, ...CAPABILITIES };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchArguments): void {
    this.handle(response, async () => {
      const { client, resolved } = await resolveLaunch(args, this.options.createClient);
      this.client = client;
      this.resolved = resolved;
      await this.driver.showGraph(resolved.assistantId).catch(() => undefined);
      this.maybeStart();
    });
  }

  protected override attachRequest(response: DebugProtocol.AttachResponse, args: AttachArguments): void {
    this.handle(response, async () => {
      const { client, resolved } = await resolveAttach(args, this.options.createClient);
      this.client = client;
      this.resolved = resolved;
      this.maybeStart();
    });
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configured = true;
    this.sendResponse(response);
    this.maybeStart();
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    const graph = this.driverValue?.graph?.graph;
    const known = graph ? new Set(graph.nodes.map((n) => n.id).filter((id) => !id.includes(":") && !id.startsWith("__"))) : undefined;
    response.body = { breakpoints: this.breakpoints.setFunctionBreakpoints(args.breakpoints ?? [], known) };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.filters = new Set(args.filters ?? []);
    response.body = { breakpoints: (args.filters ?? []).map(() => ({ verified: true })) };
    this.sendResponse(response);
  }

  protected override dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    response.body = this.inspector.dataBreakpointInfo(args);
    this.sendResponse(response);
  }

  protected override setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
    response.body = { breakpoints: this.breakpoints.setDataBreakpoints(args.breakpoints ?? []) };
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const threadId = this.driverValue?.target?.threadId ?? this.resolved?.threadId;
    response.body = { threads: [{ id: THREAD_ID, name: threadId ? `thread ${threadId}` : "thread (starting)" }] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    response.body = this.inspector.stackTrace(this.current, args);
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse): void {
    response.body = this.inspector.scopes(this.current);
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    response.body = this.inspector.variables(args);
    this.sendResponse(response);
  }

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    this.handle(response, async () => {
      const stop = this.requireStop("Edit state");
      const edit = this.inspector.edit(stop, args);
      await this.driver.updateState(this.driver.target!.threadId, { [edit.key]: edit.value }, { asNode: stop.lastWriter(edit.key), basedOn: stop.checkpointId });
      await this.refreshStop();
      response.body = { value: edit.shown };
      this.sendEvent(new InvalidatedEvent(["variables"], THREAD_ID));
    });
  }

  protected override sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): void {
    this.handle(response, async () => {
      response.body = this.inspector.source(this.current, args.sourceReference ?? args.source?.sourceReference ?? 0);
    });
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    this.handle(response, async () => {
      response.body = this.inspector.evaluate(this.requireStop("Evaluate"), args.expression);
    });
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    this.handle(response, async () => {
      const waiting = this.running ? [] : (this.current?.view.next.interrupts ?? []);
      if (waiting.length === 1 && this.options.askResumeValue) {
        const answer = await this.options.askResumeValue(describeInterrupt(waiting[0].value));
        if (!answer) throw new Error("Continue: no answer was given, so the node still waits in interrupt().");
        response.body = { allThreadsContinued: true };
        this.go("resume", () => this.driver.resume(answer.value, this.breakpoints.breaks()));
        return;
      }
      this.refuseWhileWaiting("Continue");
      response.body = { allThreadsContinued: true };
      if (this.atEnd) return () => this.end(false, 0);
      this.go("continue", () => this.driver.continue(this.breakpoints.breaks()));
    });
  }

  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.handle(response, async () => {
      this.refuseWhileWaiting("Step");
      if (this.atEnd) return () => this.end(false, 0);
      this.go("step", () => this.driver.step(this.breakpoints.breaks()));
    });
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.nextRequest(response);
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.continueRequest(response as DebugProtocol.ContinueResponse);
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse): void {
    this.handle(response, async () => {
      const stop = this.requireStop("Step back");
      const steps = (this.driver.story()?.supersteps ?? []).filter((s) => s.ns.length === 0 && s.checkpointId);
      const at = steps.findIndex((s) => s.checkpointId === stop.checkpointId);
      const previous = at > 0 ? steps[at - 1] : at === -1 ? steps.at(-2) : undefined;
      if (!previous?.checkpointId) throw new Error("Already at the first checkpoint of this thread.");
      return () => this.travel(previous.checkpointId!, `Back at step ${previous.step}`);
    });
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.handle(response, async () => {
      const stop = this.requireStop("Reverse continue");
      const at = this.stops.lastIndexOf(stop.checkpointId ?? "");
      const previous = at > 0 ? this.stops[at - 1] : undefined;
      if (!previous) throw new Error("There is no earlier stop to go back to.");
      return () => this.travel(previous, "Back at the previous stop");
    });
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.handle(response, async () => {
      if (!this.running) throw new Error("The run is not going.");
      this.pausing = true;
      await this.driver.cancel("interrupt");
    });
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    if (command === "interrupts") {
      // What waits for an answer at this stop: ids and questions (for a client's "Resume with value…").
      const waiting = this.running ? [] : (this.current?.view.next.interrupts ?? []);
      response.body = { interrupts: waiting.map((i) => ({ id: i.id, question: describeInterrupt(i.value), value: i.value })) };
      return this.sendResponse(response);
    }
    if (command !== "resume") return super.customRequest(command, response, args);
    this.handle(response, async () => {
      const { value, interruptId } = (args ?? {}) as { value?: unknown; interruptId?: string };
      const waiting = this.current?.view.next.interrupts ?? [];
      if (this.running || waiting.length === 0) throw new Error("Nothing waits for an answer: `resume` answers a node waiting in interrupt().");
      if (value === undefined) throw new Error("`resume` needs a `value`: the answer the waiting node gets from interrupt().");
      if (interruptId !== undefined && !waiting.some((i) => i.id === interruptId)) throw new Error(`No interrupt ${interruptId} waits (waiting: ${waiting.map((i) => i.id).join(", ")}).`);
      const answer = interruptId ? { [interruptId]: value } : value;
      this.go("resume", () => this.driver.resume(answer, this.breakpoints.breaks()));
      this.sendEvent(new ContinuedEvent(THREAD_ID, true));
    });
  }

  protected override restartRequest(response: DebugProtocol.RestartResponse): void {
    this.handle(response, async () => {
      if (this.running) await this.driver.cancel().catch(() => undefined);
      this.breakpoints.resetHits();
      this.stops.length = 0;
      this.started = false;
      this.maybeStart(true);
    });
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.handle(response, async () => {
      await this.end(true);
    });
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments): void {
    const cancel = args?.terminateDebuggee ?? this.resolved?.kind !== "attach";
    void this.end(cancel).finally(() => {
      this.subscription?.dispose();
      if (!(this.options.driver instanceof ThreadDriver)) this.driverValue?.dispose();
      this.sendResponse(response);
      this.shutdown();
    });
  }

  /** Starts the run once launch was validated and the client has sent its breakpoints. */
  private maybeStart(restart = false): void {
    const resolved = this.resolved;
    if (!resolved || !this.configured || this.started) return;
    this.started = true;
    if (resolved.kind === "attach") {
      void this.attachTo(resolved);
      return;
    }
    const entry = resolved.stopOnEntry === true;
    const breaks = this.breakpoints.breaks({ entry });
    if (resolved.checkpoint) {
      this.go(entry ? "start" : "continue", async () => {
        await this.driver.showCheckpoint(resolved.assistantId, resolved.threadId!, resolved.checkpoint!, { travel: true });
        return this.driver.continue(breaks);
      }, entry);
      return;
    }
    const threadId = restart ? undefined : resolved.threadId;
    this.go("start", () => this.driver.start({ assistantId: resolved.assistantId, threadId, input: resolved.input, config: resolved.config, context: resolved.context, breaks }), entry);
  }

  /** Attached to a thread that is not running: stop at once, showing where it stands. */
  private async attachTo(resolved: Resolved): Promise<void> {
    try {
      await this.driver.showCheckpoint(resolved.assistantId, resolved.threadId!, resolved.checkpoint!, { travel: true });
      await this.stopHere("entry", `Attached to thread ${resolved.threadId}`);
    } catch (error) {
      this.console.line(`Attach failed: ${messageOf(error)}`, "stderr");
      await this.end(false);
    }
  }

  /** Runs the driver until a pause the client should see, or the end. */
  private go(kind: RunKind, run: () => Promise<RunOutcome | undefined>, entry = false): void {
    this.inspector.reset();
    this.current = undefined;
    this.running = true;
    this.diffs = [];
    void (async () => {
      let outcome: RunOutcome | undefined;
      try {
        outcome = await run();
      } catch (error) {
        this.running = false;
        this.console.line(`The run could not start: ${messageOf(error)}`, "stderr");
        if (this.stops.length === 0) await this.end(false, 1);
        else await this.stopHere("exception", messageOf(error));
        return;
      }
      this.running = false;
      if (!outcome || this.ended) return;
      await this.onOutcome(kind, outcome, entry);
    })();
  }

  private async onOutcome(kind: RunKind, outcome: RunOutcome, entry: boolean): Promise<void> {
    this.console.flush();
    switch (outcome.status) {
      case "finished": {
        // The server does not pause after the graph's last step: its after- and data breakpoints are decided here.
        const stop = kind === "step" ? undefined : await this.readStop().catch(() => undefined);
        const decision = stop && this.breakpoints.decide({ when: "after", ran: lastRan(this.driver), next: [], state: stop.view.state, diffs: this.diffsTo(stop), checkpointId: stop.checkpointId });
        for (const note of decision?.notes ?? []) this.console.line(note);
        if (decision?.stop) {
          this.atEnd = true;
          return this.stopHere(decision.reason, `${decision.description} (the run has finished)`, decision.hitBreakpointIds, stop);
        }
        this.console.line("Run finished.");
        return this.end(false, 0);
      }
      case "cancelled":
        if (this.pausing) {
          this.pausing = false;
          return this.stopHere("pause", "Paused (the running step was cancelled; it runs again on continue)");
        }
        this.console.line("Run cancelled.");
        return this.end(false, 1);
      case "failed":
        this.console.line(`Run failed${outcome.node ? ` in ${outcome.node}` : ""}: ${outcome.message}`, "stderr");
        if (this.filters.has("nodeError")) return this.stopHere("exception", outcome.message);
        return this.end(false, 1);
      case "waiting": {
        const first = outcome.interrupts[0];
        if (this.filters.has("interrupt")) return this.stopHere("interrupt", describeInterrupt(first?.value));
        this.console.line(`The run waits in interrupt(): ${describeInterrupt(first?.value)} (the "interrupt()" exception filter is off, so the session ends here).`);
        return this.end(false, 0);
      }
      case "paused": {
        if (entry && kind === "start") return this.stopHere("entry", `Paused before ${outcome.nodes.join(", ")}`);
        if (kind === "step") return this.stopHere("step", `Stepped: paused ${outcome.when} ${outcome.nodes.join(", ")}`);
        const stop = await this.readStop();
        const decision = this.breakpoints.decide({
          when: outcome.when,
          ran: outcome.when === "after" ? outcome.nodes : lastRan(this.driver),
          next: stop.view.next.nodes,
          state: stop.view.state,
          diffs: this.diffsTo(stop),
          checkpointId: stop.checkpointId,
        });
        for (const note of decision.notes) this.console.line(note);
        if (decision.stop) return this.stopHere(decision.reason, decision.description, decision.hitBreakpointIds, stop);
        this.go(kind === "resume" ? "continue" : kind, () => this.driver.continue(this.breakpoints.breaks()));
        return;
      }
    }
  }

  private async stopHere(reason: string, description: string, hitBreakpointIds?: number[], stop?: Stop): Promise<void> {
    this.current = stop ?? (await this.readStop().catch((error: unknown) => {
      this.console.line(`Could not read the thread's state: ${messageOf(error)}`, "stderr");
      return undefined;
    }));
    if (this.current) this.pausedState = this.current.view.state;
    if (this.current?.checkpointId && this.stops.at(-1) !== this.current.checkpointId) this.stops.push(this.current.checkpointId);
    const event = new StoppedEvent(reason, THREAD_ID) as DebugProtocol.StoppedEvent;
    event.body.description = description;
    event.body.text = description;
    event.body.allThreadsStopped = true;
    if (hitBreakpointIds?.length) event.body.hitBreakpointIds = hitBreakpointIds;
    this.sendEvent(event);
  }

  private async readStop(): Promise<Stop> {
    const target = this.driver.target;
    if (!target || !this.client) throw new Error("No thread.");
    return readStop(this.client, target, this.driver.story(), this.resolved, this.pausedState);
  }

  private async refreshStop(): Promise<void> {
    this.inspector.reset();
    this.current = await this.readStop();
  }

  private async travel(checkpointId: string, description: string): Promise<void> {
    const target = this.driver.target!;
    await this.driver.showCheckpoint(target.assistantId, target.threadId, checkpointId, { travel: true });
    this.atEnd = false;
    this.pausedState = undefined;
    this.inspector.reset();
    await this.stopHere("step", description);
  }

  /** Ends the session: cancels a run still going (when `cancel`), then `terminated` and `exited`. */
  private async end(cancel: boolean, exitCode = 0): Promise<void> {
    if (cancel && this.running) await this.driver.cancel().catch((error: unknown) => this.console.line(`Could not cancel the run: ${messageOf(error)}`, "stderr"));
    if (this.ended) return;
    this.ended = true;
    this.console.flush();
    this.sendEvent(new TerminatedEvent());
    this.sendEvent(new ExitedEvent(exitCode));
  }

  /**
   * What changed since the previous pause (data breakpoints): the two states compared, since a step the
   * run paused after is flushed without its checkpoint and so without a diff of its own.
   */
  private diffsTo(stop: Stop): DiffEntry[] {
    const diffs = this.pausedState === undefined ? this.diffs : diffStates(this.pausedState, stop.view.state);
    this.pausedState = stop.view.state;
    return diffs;
  }

  private onDriverEvent(event: DriverEvent): void {
    if (!this.running) return;
    if (event.type === "events") this.console.events(event.events);
    else if (event.type === "superstep" && event.superstep.ns.length === 0) this.diffs.push(...event.superstep.diff);
    else if (event.type === "warning") this.console.line(event.message, "important");
  }

  private requireStop(action: string): Stop {
    if (!this.current || this.running) throw new Error(`${action}: the run is not stopped.`);
    return this.current;
  }

  private refuseWhileWaiting(action: string): void {
    const waiting = this.current?.view.next.interrupts ?? [];
    if (this.running) throw new Error(`${action}: the run is still going.`);
    if (waiting.length > 0) {
      throw new Error(`${action}: a node waits in interrupt() for an answer. Send the custom request \`resume\` with { "value": … }${waiting.length > 1 ? ' (and "interruptId", several wait)' : ""}.`);
    }
  }

  /**
   * Runs an async request handler: its error becomes the response's error message. What it returns
   * runs after the response is sent (a `stopped` event must follow the response it answers).
   */
  private handle(response: DebugProtocol.Response, work: () => Promise<void | (() => Promise<void>)>): void {
    work().then(
      (then) => {
        this.sendResponse(response);
        if (then) then().catch((error: unknown) => this.console.line(messageOf(error), "stderr"));
      },
      (error: unknown) => this.sendErrorResponse(response, { id: 1001, format: "{_message}", variables: { _message: messageOf(error) }, showUser: true }),
    );
  }
}

function lastRan(driver: ThreadDriver): string[] {
  const steps = driver.story()?.supersteps ?? [];
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i].ns.length === 0 && steps[i].nodes.length) return steps[i].nodes.map((n) => n.node);
  return [];
}

/** The interrupt's question, or its payload as short JSON. */
export function describeInterrupt(value: unknown): string {
  if (typeof value === "string") return value;
  const question = (value as { question?: unknown } | null)?.question;
  if (typeof question === "string") return question;
  const json = JSON.stringify(value) ?? "interrupt()";
  return json.length > 120 ? `${json.slice(0, 119)}…` : json;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
