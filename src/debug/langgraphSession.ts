// The `langgraph` debug type: a Debug Adapter Protocol session that only translates between DAP and
// the ThreadDriver (the runtime). Every run goes through the driver, so in VS Code the graph view fed
// by the same driver shows the same run. One LangGraph thread is DAP thread 1; each pending task of
// the thread is a stack frame. No `vscode` import: runs in-process or over stdio (debugAdapter.ts).
import { BreakpointEvent, ExitedEvent, InitializedEvent, InvalidatedEvent, LoggingDebugSession, TerminatedEvent, ContinuedEvent } from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { ThreadDriver } from "../engine/driver/threadDriver";
import type { InterruptInfo, RunOutcome } from "../engine/model";
import { BreakpointTable } from "./breakpoints";
import { ConsoleWriter, outputEvent } from "./consoleWriter";
import { whyUnreachable, type AttachArguments, type LaunchArguments, type Resolved } from "./launch";
import { readStop, stoppedEvent, type Stop } from "./stopView";
import { CAPABILITIES, stepIntoNote, StopInspector } from "./inspector";
import { GraphCode } from "./graphCode";
import { messageOf } from "../engine/errorMessage";
import { isAccessRefused } from "../engine/client/httpError";
import { describeInterrupt, refuseGoingOn, resumeAnswer, RunLoop, type RunKind, type Verdict } from "./runLoop";
import { SessionLaunch, type LangGraphSessionOptions } from "./sessionLaunch";
import { CHILD_ATTACHED_REQUEST } from "./sessionServer";
import { RUN_TO_REQUEST, RunToHere } from "./runTo";

export type { LangGraphSessionOptions } from "./sessionLaunch";

/** The one DAP thread: a LangGraph thread. */
const THREAD_ID = 1;

/** A DAP session over a ThreadDriver. */
export class LangGraphDebugSession extends LoggingDebugSession {
  private readonly breakpoints = new BreakpointTable();
  private toldAboutStepIn = false;
  private readonly inspector = new StopInspector();
  private readonly runTo = new RunToHere(this.breakpoints);
  private readonly console = new ConsoleWriter((text, category, where) => this.sendEvent(outputEvent(text, category, where)));
  private readonly code = new GraphCode({
    breakpoints: this.breakpoints,
    console: this.console,
    driver: () => this.driver,
    changed: (breakpoint) => this.sendEvent(new BreakpointEvent("changed", breakpoint)),
  });
  private readonly loop = new RunLoop({
    driver: () => this.driver,
    breakpoints: this.breakpoints,
    console: this.console,
    readStop: (since) => this.readStop(since),
    unreachable: async () => (this.setup.client ? whyUnreachable(this.setup.client) : undefined),
  });
  private driverValue: ThreadDriver | undefined;
  private subscription: { dispose(): void } | undefined;
  /** The deployment, thread and own server that launch or attach found. */
  private readonly setup: SessionLaunch;
  private ended = false;
  /** Runs started so far: only the newest one's verdict reaches the client (restart supersedes). */
  private runs = 0;
  private current: Stop | undefined;

  constructor(private readonly options: LangGraphSessionOptions) {
    super();
    this.setup = new SessionLaunch({ options, console: this.console, code: this.code, breakpoints: this.breakpoints, sendEvent: (event) => this.sendEvent(event), ended: () => this.ended, schemas: (client, assistantId) => this.driver.schemas(assistantId, client) });
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  private get driver(): ThreadDriver {
    if (!this.driverValue) {
      this.driverValue = this.setup.driver(() => this.breakpoints.breaks());
      this.subscription = this.driverValue.onEvent((e) => {
        this.loop.onDriverEvent(e);
        if (e.type === "codeReloaded" && !this.ended) this.code.reloaded(e, this.current !== undefined && !this.loop.running);
      });
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
      await this.setup.launch(args);
      this.maybeStart();
    });
  }

  protected override attachRequest(response: DebugProtocol.AttachResponse, args: AttachArguments): void {
    this.handle(response, async () => {
      await this.setup.attach(args);
      this.maybeStart();
    });
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.setup.configurationDone();
    this.sendResponse(response);
    this.maybeStart();
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    response.body = { breakpoints: this.breakpoints.setFunctionBreakpointsOf("client", args.breakpoints ?? [], this.code.graph) };
    this.sendResponse(response);
  }

  /** Gutter breakpoints: a line of a node's code (its add line or its function) breaks before that node. */
  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    this.handle(response, async () => {
      const list = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
      response.body = { breakpoints: await this.code.setLines(args.source.path, list) };
    });
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    response.body = { breakpoints: this.loop.setFilters(args.filters ?? []) };
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
    const threadId = this.driverValue?.target?.threadId ?? this.setup.resolved?.threadId;
    response.body = { threads: [{ id: THREAD_ID, name: threadId ? `thread ${threadId}` : "thread (starting)" }] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    response.body = this.inspector.stackTrace(this.current, args, (frame) => this.code.frame(frame.split(" › ").join(":")));
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
      const waiting = this.waiting;
      if (waiting.length > 0 && this.setup.resolved?.replay) {
        // A replay goes on as recorded: the answer given then is the answer now.
        response.body = { allThreadsContinued: true };
        return async () => this.go("resume", () => this.driver.resume(null, this.breakpoints.breaks()));
      }
      if (waiting.length === 1 && this.options.askResumeValue) {
        const answer = await this.options.askResumeValue(describeInterrupt(waiting[0].value));
        if (!answer) throw new Error("Continue: no answer was given, so the node still waits in interrupt().");
        response.body = { allThreadsContinued: true };
        return async () => this.go("resume", this.afterLookingForReload(() => this.driver.resume(answer.value, this.breakpoints.breaks())));
      }
      this.refuseWhileWaiting("Continue");
      response.body = { allThreadsContinued: true };
      if (this.loop.atEnd) return () => this.end(false, 0);
      return async () => this.go("continue", this.afterLookingForReload(() => this.driver.continue(this.breakpoints.breaks())));
    });
  }

  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.handle(response, async () => {
      this.refuseWhileWaiting("Step");
      if (this.loop.atEnd) return () => this.end(false, 0);
      return async () => this.go("step", this.afterLookingForReload(() => this.driver.step(this.breakpoints.breaks())));
    });
  }

  /**
   * Step Into runs one superstep, as Step Over does: the LangGraph server pauses a run only at
   * top-level nodes (run-level interrupts), so a subgraph's nodes run through in that superstep;
   * their steps still show in the graph view and the Debug Console. Said once per session.
   */
  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    const note = this.toldAboutStepIn ? undefined : stepIntoNote(this.current, this.code.graph);
    if (note) {
      this.toldAboutStepIn = true;
      this.console.line(note, "important");
    }
    this.nextRequest(response);
  }

  /** Step Out: a stop is always at the top level (see Step Into), so it goes on to the next stop. */
  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.continueRequest(response as DebugProtocol.ContinueResponse);
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse): void {
    this.handle(response, async () => {
      const previous = this.loop.previousCheckpoint(this.requireStop("Step back"));
      return () => this.travel(previous.checkpointId, `Back at step ${previous.step}`);
    });
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.handle(response, async () => {
      const previous = this.loop.previousStop(this.requireStop("Reverse continue"));
      return () => this.travel(previous, "Back at the previous stop");
    });
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.handle(response, () => this.loop.pause());
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    if (command === "interrupts") {
      // What waits for an answer at this stop: ids and questions (for a client's "Resume with value…").
      response.body = { interrupts: this.waiting.map((i) => ({ id: i.id, node: i.node, question: describeInterrupt(i.value), value: i.value })) };
      return this.sendResponse(response);
    }
    if (command === CHILD_ATTACHED_REQUEST) return this.handle(response, async () => this.code.childAttached(args));
    if (command !== RUN_TO_REQUEST && command !== "resume") return super.customRequest(command, response, args);
    this.handle(response, async () => {
      // resume: the answer to interrupt(); Run to here: on to a one-shot stop before the node.
      let run: () => Promise<RunOutcome | undefined>;
      if (command === "resume") {
        const { resume, ...extra } = resumeAnswer(args, this.waiting);
        run = () => this.driver.resume(resume, this.breakpoints.breaks(), extra);
      } else {
        this.refuseWhileWaiting("Run to here");
        if (this.loop.atEnd) throw new Error("Run to here: the run has finished, nothing runs after this stop.");
        this.runTo.set(args, this.code.graph);
        run = () => this.driver.continue(this.breakpoints.breaks());
      }
      // The run starts once the response is out: its `stopped` must not overtake it.
      return async () => {
        this.go(command === "resume" ? "resume" : "continue", this.afterLookingForReload(run));
        this.sendEvent(new ContinuedEvent(THREAD_ID, true));
      };
    });
  }

  protected override restartRequest(response: DebugProtocol.RestartResponse): void {
    this.handle(response, async () => {
      if (this.ended) throw new Error("The session has ended: start a new one.");
      this.runs++; // the cancelled run's verdict (cancelled) must not end the session
      if (this.loop.running) await this.driver.cancel().catch(() => undefined);
      this.breakpoints.resetHits();
      this.loop.reset();
      this.maybeStart(true);
    });
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.handle(response, () => this.end(true));
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments): void {
    const cancel = args?.terminateDebuggee ?? this.setup.resolved?.kind !== "attach";
    void this.end(cancel).finally(async () => {
      await this.setup.stopServer();
      this.subscription?.dispose();
      this.code.close();
      if (!(this.options.driver instanceof ThreadDriver)) this.driverValue?.dispose();
      this.sendResponse(response);
      this.shutdown();
    });
  }

  /** Going on from a stop looks for a reload of the code first (GraphCode.lookForReload). */
  private afterLookingForReload(run: () => Promise<RunOutcome | undefined>): () => Promise<RunOutcome | undefined> {
    return async () => {
      if (!this.setup.resolved?.replay) await this.code.lookForReload();
      return run();
    };
  }

  /** Starts the run once launch was validated and the client has sent its breakpoints. */
  private maybeStart(restart = false): void {
    const resolved = this.setup.takeStart(restart);
    if (!resolved) return;
    const first = this.loop.firstRun(resolved, restart);
    if (first) this.go(first.kind, first.run, first.entry);
    else void this.attachTo(resolved);
  }

  /** Attached to a thread that is not running: stop at once, showing where it stands. */
  private async attachTo(resolved: Resolved): Promise<void> {
    try {
      await this.driver.showCheckpoint(resolved.assistantId, resolved.threadId!, resolved.checkpoint!, { travel: true });
      await this.stopHere({ type: "stop", reason: "entry", description: `Attached to thread ${resolved.threadId}` });
    } catch (error) {
      this.console.line(`Attach failed: ${messageOf(error)}`, "stderr");
      await this.end(false);
    }
  }

  /** Runs the driver (the run loop) until a stop or the end; a newer run (restart) makes this one's verdict moot. */
  private go(kind: RunKind, run: () => Promise<RunOutcome | undefined>, entry = false): void {
    this.inspector.reset();
    this.current = undefined;
    const mine = ++this.runs;
    void this.loop.run(kind, run, entry).then(async (reached) => {
      const verdict = this.runTo.settle(reached);
      if (!verdict || this.ended || mine !== this.runs) return;
      if (verdict.type === "end") await this.end(false, verdict.exitCode);
      else await this.stopHere(verdict);
    });
  }

  private async stopHere(verdict: Extract<Verdict, { type: "stop" }>): Promise<void> {
    this.current = verdict.stop ?? (await this.readStop().catch((error: unknown) => {
      this.console.line(`Could not read the thread's state: ${messageOf(error)}`, "stderr");
      return undefined;
    }));
    this.loop.noteStop(this.current);
    this.sendEvent(stoppedEvent(verdict, THREAD_ID));
  }

  private async readStop(since: unknown = this.loop.since): Promise<Stop> {
    const target = this.driver.target;
    if (!target || !this.setup.client) throw new Error("No thread.");
    return readStop(this.setup.client, target, this.driver.supersteps(), this.setup.resolved, since);
  }

  private async refreshStop(): Promise<void> {
    this.inspector.reset();
    this.current = await this.readStop();
  }

  private async travel(checkpointId: string, description: string): Promise<void> {
    const target = this.driver.target!;
    await this.driver.showCheckpoint(target.assistantId, target.threadId, checkpointId, { travel: true });
    this.loop.travelled();
    this.inspector.reset();
    await this.stopHere({ type: "stop", reason: "step", description });
  }

  /** Ends the session: cancels a run still going (when `cancel`), then `terminated` and `exited`. */
  private async end(cancel: boolean, exitCode = 0): Promise<void> {
    if (cancel && this.driver.target?.running) await this.driver.cancel().catch((error: unknown) => this.console.line(`Could not cancel the run: ${messageOf(error)}`, "stderr"));
    if (this.ended) return;
    this.ended = true;
    this.console.flush();
    this.sendEvent(new TerminatedEvent());
    this.sendEvent(new ExitedEvent(exitCode));
    await this.setup.stopServer();
  }

  private requireStop(action: string): Stop {
    if (!this.current || this.loop.running) throw new Error(`${action}: the run is not stopped.`);
    return this.current;
  }

  /** What waits for an answer in interrupt() at this stop (nothing while the run goes). */
  private get waiting(): InterruptInfo[] {
    return this.loop.running ? [] : (this.current?.view.next.interrupts ?? []);
  }

  /** Continue and Step need a stopped run that waits on no interrupt() (that takes `resume`). */
  private refuseWhileWaiting(action: string): void {
    refuseGoingOn(action, this.loop.running, this.current?.view.next.interrupts ?? []);
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
      (error: unknown) => {
        const refusal = isAccessRefused(error) ? error : error instanceof Error && isAccessRefused(error.cause) ? error.cause : undefined;
        const said = refusal !== undefined && this.options.onRefused?.(refusal) === true;
        if (said) this.console.line(messageOf(error), "stderr");
        this.sendErrorResponse(response, { id: 1001, format: "{_message}", variables: { _message: messageOf(error) }, showUser: !said });
      },
    );
  }
}

