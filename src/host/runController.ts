// The VS Code side of running a graph: pickers, input checks, progress and the graph view. The run
// itself (thread, story, run in progress) belongs to the ThreadDriver; this only asks it.
import * as vscode from "vscode";
import type { Config, GraphSchema } from "@langchain/langgraph-sdk";
import type { StartRequest, ThreadDriver } from "../engine/driver/threadDriver";
import type { RunOutcome } from "../engine/model";
import type { Deployment } from "./deployment";
import { inputFields, inputProblemMessage } from "./inputSchema";
import { askRunInput, pickAssistant, pickThread } from "./pickers";
import { parseRunInput, schemaTakesMessages, splitRunSettings, type RunSettingsSplit } from "./runInput";
import { unknownKeys } from "../shared/schemaFields";
import { RunForms } from "./runForm";
import { flavourOf } from "../engine/client";

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
  /** The run's runtime context (the graph's context schema). */
  context?: Record<string, unknown>;
  /** When the server saves checkpoints: "async" (default), "sync", or "exit" (only at the end: warned about). */
  durability?: StartRequest["durability"];
}

/** Workspace key of the assistant last shown, per deployment URL: the view opens on it again. */
const LAST_ASSISTANT_KEY = "langgraphDebugger.lastAssistant";

/** Starts runs from the palette and shows graphs, through the driver. */
export class RunController {
  /** The webview's run form: its schemas, history and checks. */
  readonly forms: RunForms;

  constructor(
    private readonly driver: ThreadDriver,
    private readonly deployment: Deployment,
    private readonly memento: vscode.Memento,
    private readonly revealView: () => Promise<void>,
  ) {
    this.forms = new RunForms({
      schemas: (assistantId) => driver.schemas(assistantId),
      name: async (assistantId) => {
        const assistant = await pickAssistant(await deployment.client(), assistantId);
        return assistant?.name || assistant?.graph_id || assistantId;
      },
      memento,
      refusesConfigWithContext: () => (deployment.serverInfo ? flavourOf(deployment.serverInfo) === "python" : false),
    });
  }

  /** Shows an assistant's graph (the only one, the given one, or one picked). */
  async showGraph(assistantId?: string): Promise<void> {
    await this.revealView();
    const client = await this.deployment.client();
    const assistant = await pickAssistant(client, assistantId);
    if (assistant) await this.loadGraph(assistant.assistant_id);
  }

  /**
   * Loads the last-shown assistant's graph (else the first by name) when the view opens with nothing
   * to show; not while the deployment refuses the key (each view opening would ask again).
   */
  async showDefaultGraph(): Promise<void> {
    if (this.driver.graph || this.deployment.refusal) return;
    const client = await this.deployment.client();
    const assistants = await client.assistants.search();
    const remembered = this.memento.get<string>(`${LAST_ASSISTANT_KEY}:${client.apiUrl}`);
    const byName = [...assistants].sort((a, b) => (a.name || a.graph_id).localeCompare(b.name || b.graph_id));
    const chosen = assistants.find((a) => a.assistant_id === remembered) ?? byName[0];
    if (chosen) await this.loadGraph(chosen.assistant_id);
  }

  /** The Stream run command: assistant → thread → input → stream, followed in the graph view. */
  async streamRun(args: StreamRunArgs = {}): Promise<RunOutcome | undefined> {
    const request = await this.askRun(args);
    if (!request) return undefined;
    await this.revealView();
    return this.driver.start(request);
  }

  /** What Stream run asks (assistant, thread, input, each unless given), checked; undefined when dismissed. Who runs it is the caller's. */
  async askRun(args: StreamRunArgs): Promise<StartRequest | undefined> {
    const client = await this.deployment.client();
    const assistant = await pickAssistant(client, args.assistantId, this.driver.graph?.assistantId);
    if (!assistant) return undefined;
    const interactive = args.input === undefined;
    let threadId = args.threadId === "new" ? undefined : args.threadId;
    if (!threadId && interactive) {
      const picked = await pickThread(client, assistant);
      if (picked === undefined) return undefined;
      threadId = picked ?? undefined;
    }
    const schemas = await this.schemasWithProgress(assistant.assistant_id, assistant.graph_id);
    const schema = schemas?.input_schema;
    let typed: string | undefined;
    let split: RunSettingsSplit;
    for (;;) {
      const raw = interactive ? await askRunInput(assistant, schemas, this.memento, typed) : args.input;
      if (raw === undefined) return undefined;
      const parsed = typeof raw === "string" ? parseRunInput(raw, schemaTakesMessages(schema), inputFields(schema)) : { ok: true as const, input: raw as Record<string, unknown> | null };
      if (!parsed.ok) throw new Error(parsed.message);
      split = splitRunSettings(parsed.input, schema);
      const unknown = split.input ? unknownKeys(schema, split.input) : [];
      if (unknown.length === 0) break;
      const choice = await warnUnknownKeys(assistant.graph_id, unknown, schema, interactive);
      if (choice === "send") break;
      if (choice === undefined) return undefined;
      typed = typeof raw === "string" ? raw : JSON.stringify(raw);
    }
    const problem = inputProblemMessage(assistant.graph_id, schema, split.input);
    if (problem) throw new Error(problem);
    if (split.taken.length > 0) {
      void vscode.window.showInformationMessage(`LangGraph: ${split.taken.map((k) => `\`${k}\``).join(" and ")} from the input box ${split.taken.length > 1 ? "are" : "is"} sent as the run's ${split.taken.join(" and ")}, not as input.`);
    }
    const config = split.config ? { ...args.config, ...split.config, configurable: { ...args.config?.configurable, ...split.config.configurable } } : args.config;
    const context = split.context ?? args.context;

    const breaks = args.interruptBefore || args.interruptAfter ? { interruptBefore: args.interruptBefore, interruptAfter: args.interruptAfter } : undefined;
    await this.rememberAssistant(assistant.assistant_id);
    return { assistantId: assistant.assistant_id, threadId, input: split.input, config, context, breaks, durability: args.durability };
  }

  /**
   * Makes an assistant (an id, or a graph id for its default) the one the graph view shows and
   * Stream run offers first: the shown graph is the one owner of "the assistant runs use".
   */
  async useAssistant(assistantId: string): Promise<void> {
    await this.revealView();
    const assistant = await pickAssistant(await this.deployment.client(), assistantId);
    if (assistant) await this.loadGraph(assistant.assistant_id);
  }

  /** Shows an assistant's graph and remembers it for the next session. */
  async loadGraph(assistantId: string): Promise<void> {
    await this.driver.showGraph(assistantId);
    await this.rememberAssistant(assistantId);
  }

  /**
   * The assistant's schemas, once per deployment (the driver caches them). The JS server's first
   * `/schemas` call takes seconds, so a notification says what is going on while it lasts.
   */
  private async schemasWithProgress(assistantId: string, graphId: string): Promise<GraphSchema | undefined> {
    const pending = this.driver.schemas(assistantId).catch(() => undefined);
    const quick = await Promise.race([pending, new Promise((resolve) => setTimeout(() => resolve("slow"), 300))]);
    if (quick !== "slow") return quick as GraphSchema | undefined;
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `LangGraph: reading ${graphId}'s input schema (the server's first read of a graph takes a few seconds)…` }, () => pending);
  }

  private async rememberAssistant(assistantId: string): Promise<void> {
    const client = await this.deployment.client();
    await this.memento.update(`${LAST_ASSISTANT_KEY}:${client.apiUrl}`, assistantId);
  }
}

/**
 * Keys the input schema does not name are dropped by the server: said before anything is sent.
 * Asked (Send anyway / Edit) when the input was typed; only said when it was given (a keybinding, a test).
 */
async function warnUnknownKeys(graph: string, keys: string[], schema: unknown, interactive: boolean): Promise<"send" | "edit" | undefined> {
  const fields = inputFields(schema);
  const text = `${graph}'s input schema has no ${keys.length > 1 ? "fields" : "field"} ${keys.map((k) => `"${k}"`).join(", ")}${fields ? ` (its fields: ${fields})` : ""}: the server drops ${keys.length > 1 ? "them" : "it"}. (\`config\` and \`context\` keys are taken as the run's config and context.)`;
  if (!interactive) {
    void vscode.window.showWarningMessage(`LangGraph: ${text}`);
    return "send";
  }
  const choice = await vscode.window.showWarningMessage(`LangGraph: ${text}`, { modal: true }, "Send anyway", "Edit");
  return choice === "Send anyway" ? "send" : choice === "Edit" ? "edit" : undefined;
}
