import * as vscode from "vscode";
import type { Assistant } from "@langchain/langgraph-sdk";
import type { LangGraphClient } from "../engine/client";
import type { GraphData, RunOutcome } from "../engine/model";
import { runSession } from "../engine/runSession";
import type { Deployment } from "./deployment";
import { describeError } from "./errors";
import { parseRunInput, schemaTakesMessages } from "./runInput";
import type { ViewStore } from "./viewStore";

/** Arguments of the Stream run command, for keybindings, tasks and tests. */
export interface StreamRunArgs {
  assistantId?: string;
  /** A JSON object, `null`, or plain text (a user message). */
  input?: unknown;
  threadId?: string;
  interruptBefore?: string[] | "*";
  interruptAfter?: string[] | "*";
}

const LAST_INPUT_KEY = "langgraphDebugger.lastInput";

/** Runs commands against the deployment and feeds what happens into the view store. */
export class RunController implements vscode.Disposable {
  private active: AbortController | undefined;

  constructor(
    private readonly deployment: Deployment,
    private readonly store: ViewStore,
    private readonly memento: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
    private readonly revealView: () => Promise<void>,
  ) {}

  /** Shows an assistant's graph (the only one, the given one, or one picked). */
  async showGraph(assistantId?: string): Promise<void> {
    await this.revealView();
    const client = this.deployment.client();
    const assistant = await this.pickAssistant(client, assistantId);
    if (assistant) await this.loadGraph(client, assistant.assistant_id);
  }

  /** Loads the first assistant's graph when the view opens with nothing to show. */
  async showDefaultGraph(): Promise<void> {
    if (this.store.snapshot().graph) return;
    try {
      const client = this.deployment.client();
      const [first] = await client.assistants.search({ limit: 1 });
      this.store.setDeployment(this.deployment.url, true);
      if (first) await this.loadGraph(client, first.assistant_id);
    } catch (error) {
      this.store.setDeployment(this.deployment.url, false);
      this.log.warn(`Could not load a graph from ${this.deployment.url}: ${describeError(error)}`);
    }
  }

  /** The Stream run command: assistant → input → stream, followed in the graph view. */
  async streamRun(args: StreamRunArgs = {}): Promise<RunOutcome | undefined> {
    const client = this.deployment.client();
    const assistant = await this.pickAssistant(client, args.assistantId);
    if (!assistant) return undefined;
    const input = args.input !== undefined ? args.input : await this.askInput(client, assistant);
    if (input === undefined) return undefined;

    await this.revealView();
    const graphLoad = this.loadGraph(client, assistant.assistant_id);
    const parsed = typeof input === "string" ? parseRunInput(input, true) : { ok: true as const, input: input as Record<string, unknown> | null };
    if (!parsed.ok) throw new Error(parsed.message);
    const threadId = args.threadId ?? (await client.threads.create()).thread_id;
    await graphLoad;

    this.active?.abort();
    const controller = new AbortController();
    this.active = controller;
    this.store.startRun({ threadId, assistantId: assistant.assistant_id });
    this.log.info(`Stream run: assistant ${assistant.graph_id} (${assistant.assistant_id}), thread ${threadId}`);
    const stream = await client.runs.stream(
      threadId,
      assistant.assistant_id,
      { input: parsed.input, interrupt_before: args.interruptBefore, interrupt_after: args.interruptAfter },
      { signal: controller.signal },
    );
    if (stream.runId) this.store.setRunId(stream.runId);
    let outcome: RunOutcome | undefined;
    for await (const item of runSession(stream, {
      threads: client.threads,
      threadId,
      interruptBefore: args.interruptBefore,
      interruptAfter: args.interruptAfter,
      signal: controller.signal,
    })) {
      if (item.type === "events") for (const event of item.events) this.store.addEvent(event);
      else if (item.type === "superstep") this.store.addSuperstep(item.superstep);
      else outcome = item.outcome;
    }
    if (this.active === controller) this.active = undefined;
    if (outcome) {
      this.store.endRun(outcome);
      this.log.info(`Run ${stream.runId ?? ""} ended: ${outcome.status}`);
    }
    return outcome;
  }

  private async pickAssistant(client: LangGraphClient, assistantId: string | undefined): Promise<Assistant | undefined> {
    if (assistantId) return client.assistants.get(assistantId);
    const assistants = await client.assistants.search();
    this.store.setDeployment(this.deployment.url, true);
    if (assistants.length === 0) throw new Error(`The deployment at ${this.deployment.url} has no assistants.`);
    if (assistants.length === 1) return assistants[0];
    const picked = await vscode.window.showQuickPick(
      assistants.map((a) => ({ label: a.name || a.graph_id, description: a.graph_id, detail: a.assistant_id, assistant: a })),
      { title: "LangGraph: pick an assistant", placeHolder: "Assistant to run", matchOnDescription: true },
    );
    return picked?.assistant;
  }

  private async askInput(client: LangGraphClient, assistant: Assistant): Promise<string | undefined> {
    const key = `${LAST_INPUT_KEY}.${assistant.assistant_id}`;
    const schemas = await client.assistants.schemas(assistant.assistant_id).catch(() => undefined);
    const takesMessages = schemaTakesMessages(schemas?.input_schema);
    const text = await vscode.window.showInputBox({
      title: `LangGraph: input for ${assistant.graph_id}`,
      prompt: takesMessages ? "Plain text becomes a user message; a JSON object is sent as is." : "The graph's input, as a JSON object.",
      value: this.memento.get<string>(key, ""),
      validateInput: (value) => {
        const parsed = parseRunInput(value, takesMessages);
        return parsed.ok ? undefined : parsed.message;
      },
    });
    if (text !== undefined) await this.memento.update(key, text);
    return text;
  }

  private async loadGraph(client: LangGraphClient, assistantId: string): Promise<void> {
    if (this.store.snapshot().assistantId === assistantId && this.store.snapshot().graph) return;
    const graph = (await client.assistants.graph(assistantId, { xray: true })) as unknown as GraphData;
    this.store.setGraph(assistantId, graph);
  }

  dispose(): void {
    this.active?.abort();
  }
}
