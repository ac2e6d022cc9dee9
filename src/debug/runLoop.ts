// The debug session's run loop: drives the ThreadDriver until a pause the client should see, or the end,
// and decides which it is. The server pauses a run at every run-level interrupt the breakpoints need;
// only the pauses where a breakpoint's condition, hit count or watched path says so become stops.
// No DAP: the session turns the verdict into a `stopped` event or `terminated`/`exited`.
import type { ThreadDriver, DriverEvent } from "../engine/driver/threadDriver";
import type { DiffEntry, InterruptInfo, RunOutcome } from "../engine/model";
import { diffStates } from "../engine/diff";
import { messageOf } from "../engine/errorMessage";
import { interruptQuestion } from "../shared/interruptText";
import { readResumeRequest, resumeCommand, type ResumeCommand } from "../engine/resumeCommand";
import type { BreakpointTable } from "./breakpoints";
import type { ConsoleWriter } from "./consoleWriter";
import type { Resolved } from "./launch";
import type { Stop } from "./stopView";

/** What started the run: it decides how its pause reads (a step stops wherever it pauses). */
export type RunKind = "start" | "continue" | "step" | "resume" | "follow";

/** How a run ended for the client: a stop (DAP `stopped`) or the end of the session. */
export type Verdict =
  | { type: "stop"; reason: string; description: string; hitBreakpointIds?: number[]; stop?: Stop }
  | { type: "end"; exitCode: number };

/** The exception filters the adapter offers (package.json's `exceptionBreakpointFilters` match them). */
export const EXCEPTION_FILTERS = ["nodeError", "interrupt"] as const;

/** What the loop needs from its session. */
export interface RunLoopDeps {
  driver(): ThreadDriver;
  breakpoints: BreakpointTable;
  console: ConsoleWriter;
  /** Reads the stop the driver's target stands on (`since`: the state at the previous pause). */
  readStop(since: unknown): Promise<Stop>;
  /** Resolves to why the deployment cannot be reached, or undefined when it answers. */
  unreachable(): Promise<string | undefined>;
}

/** Runs of one debug session, one at a time. */
export class RunLoop {
  /** A run is going (requests that need a stop are refused). */
  running = false;
  /** Stopped on the run's last step: going on ends the session. */
  atEnd = false;
  /** Checkpoints of the stops so far, oldest first (reverse continue goes back through them). */
  readonly stops: string[] = [];
  /** State at the previous pause of the run (a stop, or a pause the loop went on from). */
  private pausedState: unknown;
  private pausing = false;
  private diffs: DiffEntry[] = [];
  private filters: ReadonlySet<string> = new Set(EXCEPTION_FILTERS);

  constructor(private readonly deps: RunLoopDeps) {}

  /**
   * Runs `run`, and after every pause that is not a stop goes on, until a stop or the end. Resolves to
   * undefined when the run was superseded (its outcome belongs to a newer run).
   */
  async run(kind: RunKind, run: () => Promise<RunOutcome | undefined>, entry = false): Promise<Verdict | undefined> {
    for (;;) {
      this.running = true;
      this.diffs = [];
      let outcome: RunOutcome | undefined;
      try {
        outcome = await run();
      } catch (error) {
        this.running = false;
        const gone = await this.deps.unreachable();
        if (gone) return this.wentAway(gone);
        this.deps.console.line(`The run could not start: ${messageOf(error)}`, "stderr");
        if (this.stops.length === 0) return { type: "end", exitCode: 1 };
        return { type: "stop", reason: "exception", description: messageOf(error) };
      }
      this.running = false;
      if (!outcome) return undefined;
      const verdict = await this.judge(kind, outcome, entry);
      if (verdict !== "goOn") return verdict;
      if (kind === "resume" || kind === "follow") kind = "continue";
      entry = false;
      run = () => this.deps.driver().continue(this.deps.breakpoints.breaks());
    }
  }

  /** Turns on the given exception filters; an unknown one is refused with the list of known ones. */
  setFilters(filters: readonly string[]): { verified: boolean; message?: string }[] {
    const known: readonly string[] = EXCEPTION_FILTERS;
    this.filters = new Set(filters.filter((f) => known.includes(f)));
    return filters.map((f) => (known.includes(f) ? { verified: true } : { verified: false, message: `No exception filter ${f} (filters: ${known.join(", ")}).` }));
  }

  /** The run a launch or attach starts with; none for an attach to a thread that is not running (it is only shown). */
  firstRun(resolved: Resolved, restart: boolean): { kind: RunKind; run: () => Promise<RunOutcome | undefined>; entry: boolean } | undefined {
    const driver = this.deps.driver();
    if (resolved.kind === "attach") return resolved.follow ? { kind: "follow", run: () => driver.follow(resolved.assistantId, resolved.threadId!, resolved.follow!.runId), entry: false } : undefined;
    const entry = resolved.stopOnEntry === true;
    const breaks = this.deps.breakpoints.breaks({ entry });
    if (resolved.checkpoint) {
      const run = async () => {
        await driver.showCheckpoint(resolved.assistantId, resolved.threadId!, resolved.checkpoint!, { travel: true });
        return driver.continue(breaks);
      };
      return { kind: entry ? "start" : "continue", run, entry };
    }
    const threadId = restart ? undefined : resolved.threadId;
    return { kind: "start", run: () => driver.start({ assistantId: resolved.assistantId, threadId, input: resolved.input, config: resolved.config, context: resolved.context, breaks, durability: resolved.durability }), entry };
  }

  /** Step back: the root checkpoint before the stop's (throws at the first). */
  previousCheckpoint(stop: Stop): { checkpointId: string; step: number } {
    const steps = this.deps.driver().supersteps().filter((s) => s.ns.length === 0 && s.checkpointId);
    const at = steps.findIndex((s) => s.checkpointId === stop.checkpointId);
    const previous = at > 0 ? steps[at - 1] : at === -1 ? steps.at(-2) : undefined;
    if (!previous?.checkpointId) throw new Error("Already at the first checkpoint of this thread.");
    return { checkpointId: previous.checkpointId, step: previous.step };
  }

  /** Reverse continue: the checkpoint of the stop before this one (throws at the first). */
  previousStop(stop: Stop): string {
    const at = this.stops.lastIndexOf(stop.checkpointId ?? "");
    if (at <= 0) throw new Error("There is no earlier stop to go back to.");
    return this.stops[at - 1];
  }

  /** Stops the run in progress: the running step is cancelled on the server and runs again on continue. */
  async pause(): Promise<void> {
    if (!this.running) throw new Error("The run is not going.");
    this.pausing = true;
    await this.deps.driver().cancel("interrupt");
  }

  /** The client was shown this stop: the next diffs are taken from its state. */
  noteStop(stop: Stop | undefined): void {
    if (stop) this.pausedState = stop.view.state;
    if (stop?.checkpointId && this.stops.at(-1) !== stop.checkpointId) this.stops.push(stop.checkpointId);
  }

  /** Time travel moved the thread: the previous pause's state no longer applies. */
  travelled(): void {
    this.deps.breakpoints.forgetPauses();
    this.atEnd = false;
    this.pausedState = undefined;
  }

  /** A new run from the start (restart): no stops yet. */
  reset(): void {
    this.stops.length = 0;
    this.atEnd = false;
    this.pausedState = undefined;
  }

  /** The state the Changes scope of the next stop is the diff from. */
  get since(): unknown {
    return this.pausedState;
  }

  /** Feeds the driver's events to the Debug Console and the diffs data breakpoints read. */
  onDriverEvent(event: DriverEvent): void {
    if (!this.running) return;
    if (event.type === "events") this.deps.console.events(event.events);
    else if (event.type === "superstep" && event.superstep.ns.length === 0) this.diffs.push(...event.superstep.diff);
    else if (event.type === "warning") this.deps.console.line(event.message, "important");
  }

  private async judge(kind: RunKind, outcome: RunOutcome, entry: boolean): Promise<Verdict | "goOn"> {
    const { console, breakpoints } = this.deps;
    console.flush();
    switch (outcome.status) {
      case "finished": {
        // The server does not pause after the graph's last step: its after- and data breakpoints are decided here.
        const stop = kind === "step" ? undefined : await this.readStop().catch(() => undefined);
        const decision = stop && breakpoints.decide({ when: "after", ran: this.lastRan(), next: [], state: stop.view.state, diffs: this.diffsTo(stop), checkpointId: stop.checkpointId });
        for (const note of decision?.notes ?? []) console.line(note);
        for (const log of decision?.logs ?? []) console.log(log);
        if (decision?.stop) {
          this.atEnd = true;
          return { type: "stop", reason: decision.reason, description: `${decision.description} (the run has finished)`, hitBreakpointIds: decision.hitBreakpointIds, stop };
        }
        console.line("Run finished.");
        return { type: "end", exitCode: 0 };
      }
      case "cancelled":
        if (this.pausing) {
          this.pausing = false;
          return { type: "stop", reason: "pause", description: "Paused (the running step was cancelled; it runs again on continue)" };
        }
        console.line("Run cancelled.");
        return { type: "end", exitCode: 1 };
      case "failed": {
        const gone = await this.deps.unreachable();
        if (gone) return this.wentAway(gone, outcome.message);
        console.line(`Run failed${outcome.node ? ` in ${outcome.node}` : ""}: ${outcome.message}`, "stderr");
        if (this.filters.has("nodeError")) return { type: "stop", reason: "exception", description: outcome.message };
        console.line('(The "Node errors" exception filter is off, so the session ends here.)');
        return { type: "end", exitCode: 1 };
      }
      case "waiting": {
        const question = describeInterrupt(outcome.interrupts[0]?.value);
        if (this.filters.has("interrupt")) return { type: "stop", reason: "interrupt", description: question };
        console.line(`The run waits in interrupt(): ${question} (the "interrupt()" exception filter is off, so the session ends here; attach to the thread to answer it).`);
        return { type: "end", exitCode: 0 };
      }
      case "paused": {
        const where = `${outcome.when} ${outcome.nodes.join(", ")}`;
        if (entry && kind === "start") return { type: "stop", reason: "entry", description: `Paused before ${outcome.nodes.join(", ")}` };
        if (kind === "step") return this.stepped(outcome, `Stepped: paused ${where}`);
        // A followed run paused at its own interrupt_before / interrupt_after: the client sees it as is.
        if (kind === "follow") return { type: "stop", reason: "breakpoint", description: `Paused ${where} (the run's own breakpoint)` };
        const stop = await this.readStop();
        const decision = breakpoints.decide({
          when: outcome.when,
          ran: outcome.when === "after" ? outcome.nodes : this.lastRan(),
          next: stop.view.next.nodes,
          state: stop.view.state,
          diffs: this.diffsTo(stop),
          checkpointId: stop.checkpointId,
        });
        for (const note of decision.notes) console.line(note);
        for (const log of decision.logs) console.log(log);
        if (decision.stop) return { type: "stop", reason: decision.reason, description: decision.description, hitBreakpointIds: decision.hitBreakpointIds, stop };
        return "goOn";
      }
    }
  }

  /** A step stops wherever it pauses; the logpoints before the nodes it pauses at still print. */
  private async stepped(outcome: Extract<RunOutcome, { status: "paused" }>, description: string): Promise<Verdict> {
    const { console, breakpoints } = this.deps;
    if (!breakpoints.hasLogpoints) return { type: "stop", reason: "step", description };
    const stop = await this.readStop();
    const facts = { when: outcome.when, ran: outcome.when === "after" ? outcome.nodes : this.lastRan(), next: stop.view.next.nodes, state: stop.view.state, diffs: [], checkpointId: stop.checkpointId };
    const { notes, logs } = breakpoints.logsAt(facts);
    for (const note of notes) console.line(note);
    for (const log of logs) console.log(log);
    return { type: "stop", reason: "step", description, stop };
  }

  private wentAway(why: string, detail?: string): Verdict {
    this.deps.console.line(`The deployment went away: ${why}${detail ? ` (${detail})` : ""}. The session ends; nothing more can be read from the server.`, "stderr");
    return { type: "end", exitCode: 1 };
  }

  private readStop(): Promise<Stop> {
    return this.deps.readStop(this.pausedState);
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

  /** The top-level nodes of the story's last superstep. */
  private lastRan(): string[] {
    const steps = this.deps.driver().supersteps();
    for (let i = steps.length - 1; i >= 0; i--) if (steps[i].ns.length === 0 && steps[i].nodes.length) return steps[i].nodes.map((n) => n.node);
    return [];
  }
}

/**
 * The command a custom `resume` request sends: `{ value, interruptId?, answers?, update?, goto? }`
 * checked against what waits (src/engine/resumeCommand.ts). Throws when nothing waits, no answer is
 * given or no such interrupt waits.
 */
export function resumeAnswer(args: unknown, waiting: InterruptInfo[]): ResumeCommand {
  const request = readResumeRequest(args);
  if (waiting.length === 0) throw new Error("Nothing waits for an answer: `resume` answers a node waiting in interrupt().");
  if (request.value === undefined && !request.answers) throw new Error("`resume` needs a `value`: the answer the waiting node gets from interrupt().");
  return resumeCommand(request, waiting);
}

/** Continue and Step: refused while the run goes, and while a node waits in interrupt() (that takes `resume`). */
export function refuseGoingOn(action: string, running: boolean, waiting: InterruptInfo[]): void {
  if (running) throw new Error(`${action}: the run is still going.`);
  if (waiting.length > 0) {
    throw new Error(`${action}: a node waits in interrupt() for an answer. Send the custom request \`resume\` with { "value": … }${waiting.length > 1 ? ' (and "interruptId", several wait)' : ""}.`);
  }
}

/** The interrupt's question, or its payload as short JSON. */
export function describeInterrupt(value: unknown): string {
  const question = interruptQuestion(value);
  if (question !== undefined) return question;
  const json = JSON.stringify(value) ?? "interrupt()";
  return json.length > 120 ? `${json.slice(0, 119)}…` : json;
}
