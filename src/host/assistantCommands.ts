// The Assistants view's commands (and the palette's): create, edit (a new version), set the active
// version, delete, copy the id, and use an assistant for runs. What is typed is checked here with
// ajv against the graph's config_schema / context_schema before anything is sent (assistantConfig.ts).
import * as vscode from "vscode";
import type { Assistant, GraphSchema } from "@langchain/langgraph-sdk";
import type { LangGraphClient } from "../engine/client";
import { checkConfig, checkContext, parseJsonObject, problemsText, type Checked } from "./assistantConfig";
import { configSummary, hostedGraphs, isSystemAssistant } from "./assistantRows";
import type { AssistantItem, AssistantsTreeProvider, AssistantVersionItem } from "./assistantsTree";
import type { Deployment } from "./deployment";
import { inputFields } from "./inputSchema";
import { pickAssistant } from "./pickers";
import type { RunController } from "./runController";

/** An assistant given by the view (a row), by a caller (an id), or not at all (then one is picked). */
type AssistantRef = AssistantItem | AssistantVersionItem | string | { assistantId: string } | undefined;

/** What Create assistant may be given (each field asked when absent, all of them when nothing is given). */
export interface CreateAssistantArgs {
  graphId?: string;
  name?: string;
  config?: Record<string, unknown>;
  context?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** What the commands act on. */
export interface AssistantCommandDeps {
  deployment: Deployment;
  tree: AssistantsTreeProvider;
  runs: RunController;
  /** The assistant the graph view shows and Stream run offers first. */
  usedForRuns: () => string | undefined;
  /** An assistant changed on the server (a new or active version): the views that show it read it again. */
  changed: (assistantId: string) => void;
}

/** A graph's settings: whether its context schema has fields (else context is not asked). */
function hasFields(schema: unknown): boolean {
  return Boolean(schema && typeof schema === "object" && Object.keys((schema as { properties?: object }).properties ?? {}).length);
}

/**
 * Reads a graph's schemas behind a notification that can be cancelled (the JS server's first read of
 * a graph takes seconds); undefined when it fails or is cancelled: what is typed is then not checked.
 */
async function schemasOf(client: LangGraphClient, assistantId: string, graphId: string): Promise<GraphSchema | undefined> {
  const title = `LangGraph: reading ${graphId}'s config schema (the server's first read of a graph takes a few seconds)…`;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
    const stop = new AbortController();
    const cancelled = token.onCancellationRequested(() => stop.abort());
    try {
      return await client.assistants.schemas(assistantId, { signal: stop.signal });
    } catch {
      return undefined;
    } finally {
      cancelled.dispose();
    }
  });
}

/** An input box for a JSON object, checked on each key stroke; undefined when dismissed. */
async function askJson(title: string, prompt: string, value: string, check: (text: string) => Checked<Record<string, unknown>>): Promise<Record<string, unknown> | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (typed) => {
      const checked = check(typed);
      return checked.problems ? { message: problemsText(checked.problems), severity: vscode.InputBoxValidationSeverity.Error } : undefined;
    },
  });
  return text === undefined ? undefined : check(text).value;
}

/** The Assistants commands' handlers, by command name (registered with the others in commands.ts). */
export function assistantHandlers(d: AssistantCommandDeps) {
  const { deployment, tree } = d;

  /** The assistant a row or caller names (read again: a row may be stale), or one picked. */
  const assistantOf = async (ref: AssistantRef, client: LangGraphClient): Promise<Assistant | undefined> => {
    const id = typeof ref === "string" ? ref : ref && "assistant" in ref ? ref.assistant.assistant_id : ref?.assistantId;
    return pickAssistant(client, id, d.usedForRuns());
  };

  /** Asks the config (and context, when the graph has a context schema) of a new assistant or version. */
  const askSettings = async (step: (n: number) => string, graphId: string, schemas: GraphSchema | undefined, start: { config?: unknown; context?: unknown }) => {
    const fields = inputFields(schemas?.config_schema);
    const config = await askJson(step(2), `Config as JSON: the graph's settings under "configurable"${fields ? ` (${graphId} has ${fields})` : ""}. Empty: the graph's defaults.`, JSON.stringify(start.config ?? { configurable: {} }), (t) => checkConfig(t, schemas?.config_schema));
    if (config === undefined) return undefined;
    let context: Record<string, unknown> | undefined;
    if (hasFields(schemas?.context_schema)) {
      context = await askJson(step(3), `Runtime context as JSON (${inputFields(schemas?.context_schema)}). Empty: none.`, JSON.stringify(start.context ?? {}), (t) => checkContext(t, schemas?.context_schema));
      if (context === undefined) return undefined;
    }
    return { config, context };
  };

  const afterChange = async (assistant: Assistant, verb: string) => {
    tree.refresh();
    d.changed(assistant.assistant_id);
    const use = "Use for runs";
    const offer = d.usedForRuns() === assistant.assistant_id ? [] : [use];
    const choice = await vscode.window.showInformationMessage(`LangGraph: ${verb} "${assistant.name}" v${assistant.version} (${configSummary(assistant.config, assistant.context)}).`, ...offer);
    if (choice === use) await d.runs.useAssistant(assistant.assistant_id);
  };

  return {
    refreshAssistants: async () => tree.refresh(),
    loadMoreAssistants: async () => tree.loadMore(),
    createAssistant: async (args: CreateAssistantArgs = {}) => {
      const client = await deployment.client();
      const graphs = hostedGraphs(await client.assistants.search({ limit: 100 }));
      const step = (n: number) => `LangGraph: new assistant (${n}/4)`;
      const graph = args.graphId
        ? graphs.find((g) => g.graphId === args.graphId)
        : (await vscode.window.showQuickPick(graphs.map((g) => ({ label: g.graphId, graph: g })), { title: step(1).replace("(1/4)", ""), placeHolder: "The graph the assistant runs" }))?.graph;
      if (!graph) {
        if (args.graphId) throw new Error(`The deployment at ${client.apiUrl} hosts no graph "${args.graphId}" (it hosts ${graphs.map((g) => g.graphId).join(", ")}).`);
        return undefined;
      }
      const schemas = args.config === undefined ? await schemasOf(client, graph.defaultAssistantId, graph.graphId) : undefined;
      const name = args.name ?? (await vscode.window.showInputBox({ title: step(1), prompt: `A name for the new assistant of ${graph.graphId}`, value: `${graph.graphId} (custom)`, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : "The assistant needs a name.") }));
      if (name === undefined) return undefined;
      const settings = args.config !== undefined ? { config: args.config, context: args.context } : await askSettings(step, graph.graphId, schemas, {});
      if (!settings) return undefined;
      const metadata = args.metadata ?? (args.config !== undefined ? {} : await askJson(step(4), 'Metadata as JSON, e.g. {"owner": "me"} (searchable). Empty: none.', "{}", (t) => parseJsonObject(t, "metadata")));
      if (metadata === undefined) return undefined;
      const created = await client.assistants.create(graph.graphId, { name: name.trim(), config: settings.config, ...(settings.context ? { context: settings.context } : {}), metadata });
      void afterChange(created, "created");
      return created;
    },
    editAssistant: async (ref?: AssistantRef) => {
      const client = await deployment.client();
      const assistant = await assistantOf(ref, client);
      if (!assistant) return undefined;
      const schemas = await schemasOf(client, assistant.assistant_id, assistant.graph_id);
      const step = (n: number) => `LangGraph: edit ${assistant.name} — a new version (${n}/4)`;
      const name = await vscode.window.showInputBox({ title: step(1), prompt: "The assistant's name", value: assistant.name, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : "The assistant needs a name.") });
      if (name === undefined) return undefined;
      const settings = await askSettings(step, assistant.graph_id, schemas, { config: assistant.config, context: assistant.context });
      if (!settings) return undefined;
      const metadata = await askJson(step(4), "Metadata as JSON (searchable).", JSON.stringify(assistant.metadata ?? {}), (t) => parseJsonObject(t, "metadata"));
      if (metadata === undefined) return undefined;
      const same = name.trim() === assistant.name && JSON.stringify(settings.config) === JSON.stringify(assistant.config) && JSON.stringify(metadata) === JSON.stringify(assistant.metadata ?? {}) && settings.context === undefined;
      if (same) {
        void vscode.window.showInformationMessage(`LangGraph: nothing changed; ${assistant.name} stays at v${assistant.version}.`);
        return assistant;
      }
      const updated = await client.assistants.update(assistant.assistant_id, { name: name.trim(), config: settings.config, ...(settings.context ? { context: settings.context } : {}), metadata });
      void afterChange(updated, "made a new version of");
      return updated;
    },
    setAssistantVersion: async (ref?: AssistantRef, version?: number) => {
      const client = await deployment.client();
      const assistant = await assistantOf(ref, client);
      if (!assistant) return undefined;
      let chosen = typeof ref === "object" && "version" in ref ? ref.version.version : version;
      if (chosen === undefined) {
        const versions = await client.assistants.versions(assistant.assistant_id);
        const items = versions.map((v) => ({ label: `v${v.version}`, description: [v.version === assistant.version ? "active" : undefined, v.created_at, configSummary(v.config, v.context)].filter(Boolean).join(" · "), version: v.version }));
        chosen = (await vscode.window.showQuickPick(items, { title: `LangGraph: the version of ${assistant.name} that runs use` }))?.version;
        if (chosen === undefined) return undefined;
      }
      const updated = await client.assistants.setLatest(assistant.assistant_id, chosen);
      tree.refresh();
      d.changed(assistant.assistant_id);
      void vscode.window.setStatusBarMessage(`LangGraph: runs of ${assistant.name} now use v${chosen}`, 5000);
      return updated;
    },
    deleteAssistant: async (ref?: AssistantRef) => {
      const client = await deployment.client();
      const assistant = await assistantOf(ref, client);
      if (!assistant) return;
      if (isSystemAssistant(assistant)) throw new Error(`"${assistant.name}" is the default assistant of the graph ${assistant.graph_id}: the server makes it, it is not deleted here.`);
      const remove = "Delete";
      const choice = await vscode.window.showWarningMessage(`Delete the assistant "${assistant.name}" and its ${assistant.version > 1 ? "versions" : "version"}?`, { modal: true, detail: `Its threads stay on ${client.apiUrl}; this cannot be undone.` }, remove);
      if (choice !== remove) return;
      await client.assistants.delete(assistant.assistant_id);
      // The graph view must not stay on an assistant that is gone: it shows the graph's default.
      if (d.usedForRuns() === assistant.assistant_id) await d.runs.useAssistant(assistant.graph_id);
      tree.refresh();
    },
    copyAssistantId: async (ref?: AssistantRef) => {
      const assistant = await assistantOf(ref, await deployment.client());
      if (!assistant) return;
      await vscode.env.clipboard.writeText(assistant.assistant_id);
      void vscode.window.setStatusBarMessage(`LangGraph: copied ${assistant.assistant_id}`, 3000);
    },
    useAssistant: async (ref?: AssistantRef) => {
      const assistant = await assistantOf(ref, await deployment.client());
      if (!assistant) return;
      await d.runs.useAssistant(assistant.assistant_id);
      tree.redraw();
    },
  };
}
