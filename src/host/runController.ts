import * as vscode from "vscode";
import type { Command, Config } from "@langchain/langgraph-sdk";
import type { LangGraphClient, RunStreamPayload } from "../engine/client";
import type { GraphData, RunOutcome } from "../engine/model";
import { runSession } from "../engine/runSession";
import { isSubgraphNode, type BreakpointStore } from "./breakpoints";
import type { Deployment } from "./deployment";
import { checkInput } from "./inputSchema";
import { askRunInput, pickAssistant, pickThread } from "./pickers";
import { parseRunInput, schemaTakesMessages } from "./runInput";
import type { ViewStore } from "./viewStore";

/** Arguments of the Stream run command, for keybindings, tasks and tests. */
export interface StreamRunArgs {
  assistantId?: string;
  /** A JSON object, `null`, or plain text (a user message). */
  input?: unknown;
  /** A thread id, or "new"; asked when absent in an interactive run. */
  threadId?: string;
  interruptBefore?: string[] | "*";
  interruptAfter?: string[] | "*";
  /** The run's config, e.g. `{configurable: {…}}` for graphs that read settings from it. */
  config?: Config;
}

/** Workspace key of the assistant last shown, per deployment URL: the view opens on it again. */
const LAST_ASSISTANT_KEY = "langgraphDebugger.lastAssistant";

/** The thread being debugged and how its last run ended. */
export interface DebugTarget {
  assistantId: string;
  threadId: string;
  outcome?: RunOutcome;
  running: boolean;
}

type Breaks = { interruptBefore?: string[] | "*"; interruptAfter?: string[] | "*" };

/** Starts, continues, steps, resumes and cancels runs, feeding what happens into the view store. */
export class RunController implements vscode.Disposable {
  private active: { controller: AbortController; cancel?: () => Promise<void> } | undefined;
  private targetValue: DebugTarget | undefined;
  /** The deployment the shown graph came from. */
  private graphRequests = 0;
  private graphFrom: string | undefined;
  private readonly changeEmitter = new vscode.EventEmitter<DebugTarget | undefined>();
  /** Fires when a run starts or ends (status bar, context keys). */
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly deployment: Deployment,
    private readonly store: ViewStore,
    private readonly breakpoints: BreakpointStore,
    private readonly memento: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
    private readonly revealView: () => Promise<void>,
  ) {}

  /** The thread being debugged, if any. */
  get target(): DebugTarget | undefined {
    return this.targetValue;
  }

  /** Makes a thread picked elsewhere (e.g. a checkpoint in the Threads view) the one Continue/Step act on, unless a run is going. */
  focus(target: Omit<DebugTarget, "running">): void {
    if (this.targetValue?.running) return;
    this.setTarget({ ...target, running: false });
  }

  /** Forgets the thread being debugged (another deployment was chosen). */
  forget(): void {
    if (this.targetValue?.running) this.active?.controller.abort();
    this.targetValue = undefined;
    this.changeEmitter.fire(undefined);
  }

  /** Shows an assistant's graph (the only one, the given one, or one picked). */
  async showGraph(assistantId?: string): Promise<void> {
    await this.revealView();
    const client = await this.deployment.client();
    const assistant = await pickAssistant(client, assistantId);
    this.store.setDeployment(this.deployment.url, true);
    if (assistant) await this.loadGraph(client, assistant.assistant_id);
  }

  /** Loads the first assistant's graph when the view opens with nothing to show. */
  async showDefaultGraph(): Promise<void> {
    if (this.store.snapshot().graph) return;
    const client = await this.deployment.client();
    try {
      const assistants = await client.assistants.search();
      this.store.setDeployment(this.deployment.url, true);
      const remembered = this.memento.get<string>(`${LAST_ASSISTANT_KEY}:${client.apiUrl}`);
      const byName = [...assistants].sort((a, b) => (a.name || a.graph_id).localeCompare(b.name || b.graph_id));
      const chosen = assistants.find((a) => a.assistant_id === remembered) ?? byName[0];
      if (chosen) await this.loadGraph(client, chosen.assistant_id);
    } catch (error) {
      this.store.setDeployment(this.deployment.url, false);
      throw error;
    }
  }

  /** The Stream run command: assistant → thread → input → stream, followed in the graph view. */
  async streamRun(args: StreamRunArgs = {}): Promise<RunOutcome | undefined> {
    const client = await this.deployment.client();
    const assistant = await pickAssistant(client, args.assistantId);
    if (!assistant) return undefined;
    const interactive = args.input === undefined;
    let threadId = args.threadId === "new" ? undefined : args.threadId;
    if (!threadId && interactive) {
      const picked = await pickThread(client);
      if (picked === undefined) return undefined;
      threadId = picked ?? undefined;
    }
    const raw = interactive ? await askRunInput(client, assistant, this.memento) : args.input;
    if (raw === undefined) return undefined;

    const schemas = await client.assistants.schemas(assistant.assistant_id).catch(() => undefined);
    const parsed = typeof raw === "string" ? parseRunInput(raw, schemaTakesMessages(schemas?.input_schema)) : { ok: true as const, input: raw as Record<string, unknown> | null };
    if (!parsed.ok) throw new Error(parsed.message);
    const problem = checkInput(schemas?.input_schema, parsed.input);
    if (problem) throw new Error(`The input does not fit ${assistant.graph_id}'s input schema: ${problem.path} ${problem.message}. Nothing was sent.`);

    threadId ??= (await client.threads.create()).thread_id;
    const breaks = args.interruptBefore || args.interruptAfter ? { interruptBefore: args.interruptBefore, interruptAfter: args.interruptAfter } : this.breakpoints.runFields(assistant.assistant_id);
    return this.execute(client, assistant.assistant_id, threadId, { input: parsed.input, config: args.config }, breaks);
  }

  /** Continues a paused thread to the next breakpoint or the end. */
  async continueRun(): Promise<RunOutcome | undefined> {
    const { client, target } = await this.pausedTarget("Continue");
    return this.execute(client, target.assistantId, target.threadId, { input: null }, this.breakpoints.runFields(target.assistantId));
  }

  /** Runs one superstep of a paused thread and pauses again. */
  async step(): Promise<RunOutcome | undefined> {
    const { client, target } = await this.pausedTarget("Step");
    const { interruptBefore } = this.breakpoints.runFields(target.assistantId);
    return this.execute(client, target.assistantId, target.threadId, { input: null }, { interruptBefore, interruptAfter: "*" });
  }

  /** Answers the `interrupt()` a thread waits on. */
  async resume(value: unknown): Promise<RunOutcome | undefined> {
    const { client, target } = await this.pausedTarget("Resume");
    const command: Command = { resume: value };
    return this.execute(client, target.assistantId, target.threadId, { command }, this.breakpoints.runFields(target.assistantId));
  }

  /** Runs again from a checkpoint (fork), with the assistant's breakpoints. */
  async runFromCheckpoint(assistantId: string, threadId: string, checkpointId: string): Promise<RunOutcome | undefined> {
    const client = await this.deployment.client();
    return this.execute(client, assistantId, threadId, { input: null, checkpoint_id: checkpointId }, this.breakpoints.runFields(assistantId));
  }

  /** Cancels the run in progress on the server. */
  async cancel(): Promise<void> {
    if (!this.active) throw new Error("No run is in progress.");
    this.log.info("Cancelling the run");
    await this.active.cancel?.();
  }

  /** Shows the graph of an assistant unless it is already shown. */
  async loadGraph(client: LangGraphClient, assistantId: string): Promise<void> {
    const shown = this.store.snapshot();
    const request = ++this.graphRequests;
    // Assistant ids are derived from graph names, so another deployment's "agent" has the same id: compare the URL too.
    if (shown.assistantId !== assistantId || !shown.graph || this.graphFrom !== client.apiUrl) {
      const graph = (await client.assistants.graph(assistantId, { xray: true })) as unknown as GraphData;
      // A later request (e.g. Stream run while the default graph loads) wins.
      if (request !== this.graphRequests) return;
      this.store.setGraph(assistantId, graph);
      this.graphFrom = client.apiUrl;
      await this.memento.update(`${LAST_ASSISTANT_KEY}:${client.apiUrl}`, assistantId);
    }
    this.store.setBreakpoints(this.breakpoints.get(assistantId));
  }


  private async pausedTarget(action: string): Promise<{ client: LangGraphClient; target: DebugTarget }> {
    const target = this.targetValue;
    if (!target) throw new Error(`${action}: no thread is being debugged. Start one with "LangGraph: Stream run".`);
    if (target.running) throw new Error(`${action}: the run is still going; wait for it to pause.`);
    return { client: await this.deployment.client(), target };
  }

  private async execute(client: LangGraphClient, assistantId: string, threadId: string, payload: RunStreamPayload, breaks: Breaks): Promise<RunOutcome | undefined> {
    await this.revealView();
    await this.loadGraph(client, assistantId);
    const request = this.withoutSubgraphBreakpoints(breaks);
    this.active?.controller.abort();
    const controller = new AbortController();
    const active: { controller: AbortController; cancel?: () => Promise<void> } = { controller };
    this.active = active;
    this.setTarget({ assistantId, threadId, running: true });
    this.store.startRun({ threadId, assistantId });
    this.log.info(`Run on thread ${threadId} (assistant ${assistantId})${describeBreaks(request)}`);
    let outcome: RunOutcome | undefined;
    try {
      const stream = await client.runs.stream(
        threadId,
        assistantId,
        { ...payload, interrupt_before: request.interruptBefore, interrupt_after: request.interruptAfter },
        { signal: controller.signal, cancelOnAbort: false, onReconnect: (attempt, lastId) => this.log.warn(`Stream dropped; re-joining after event ${lastId ?? "-"} (attempt ${attempt})`) },
      );
      active.cancel = () => stream.cancel({ wait: true });
      if (stream.runId) this.store.setRunId(stream.runId);
      for await (const item of runSession(stream, { threads: client.threads, threadId, interruptBefore: request.interruptBefore, interruptAfter: request.interruptAfter })) {
        if (item.type === "events") for (const event of item.events) this.store.addEvent(event);
        else if (item.type === "superstep") this.store.addSuperstep(item.superstep);
        else outcome = item.outcome;
      }
      if (outcome) {
        this.store.endRun(outcome);
        this.log.info(`Run ${stream.runId ?? ""} ended: ${describeOutcome(outcome)}`);
      }
    } finally {
      if (this.active === active) this.active = undefined;
      this.setTarget({ assistantId, threadId, outcome, running: false });
    }
    return outcome;
  }

  /** The server honours run-level breakpoints only on top-level nodes: say so rather than ignore them. */
  private withoutSubgraphBreakpoints(breaks: Breaks): Breaks {
    const keep = (list: string[] | "*" | undefined) => (Array.isArray(list) ? list.filter((n) => !isSubgraphNode(n)) : list);
    const dropped = [breaks.interruptBefore, breaks.interruptAfter].flatMap((l) => (Array.isArray(l) ? l.filter(isSubgraphNode) : []));
    if (dropped.length > 0) {
      const message = `Breakpoints inside subgraphs are not honoured by the LangGraph server (run-level interrupts apply to top-level nodes only): ${dropped.join(", ")}. Set one on the subgraph's node instead.`;
      this.log.warn(message);
      void vscode.window.showWarningMessage(message);
    }
    const interruptBefore = keep(breaks.interruptBefore);
    const interruptAfter = keep(breaks.interruptAfter);
    return {
      interruptBefore: Array.isArray(interruptBefore) && interruptBefore.length === 0 ? undefined : interruptBefore,
      interruptAfter: Array.isArray(interruptAfter) && interruptAfter.length === 0 ? undefined : interruptAfter,
    };
  }

  private setTarget(target: DebugTarget): void {
    this.targetValue = target;
    this.changeEmitter.fire(target);
  }

  dispose(): void {
    this.active?.controller.abort();
    this.changeEmitter.dispose();
  }
}

function describeBreaks(breaks: Breaks): string {
  const parts = [breaks.interruptBefore && `before ${String(breaks.interruptBefore)}`, breaks.interruptAfter && `after ${String(breaks.interruptAfter)}`].filter(Boolean);
  return parts.length ? `, breaking ${parts.join(" and ")}` : "";
}

/** A short description of an outcome, for logs and the status bar. */
export function describeOutcome(outcome: RunOutcome): string {
  switch (outcome.status) {
    case "finished":
      return "finished";
    case "paused":
      return `paused ${outcome.when} ${outcome.nodes.join(", ")}`;
    case "waiting":
      return "waiting for input";
    case "failed":
      return `failed${outcome.node ? ` in ${outcome.node}` : ""}: ${outcome.message}`;
    case "cancelled":
      return "cancelled";
  }
}
