// The host half of the webview's run form: the schemas and input history it is drawn from, and
// its submissions checked (runFormCheck.ts) and turned into the StartRequest that Stream run makes.
// Who runs the request (the debugger's driver or a tab's own) is the caller's.
import type * as vscode from "vscode";
import type { GraphSchema } from "@langchain/langgraph-sdk";
import type { StartRequest } from "../engine/driver/threadDriver";
import type { OpenRunFormMessage, RunFormMessage, RunFormValues, SubmitRunFormMessage } from "../shared/protocol";
import { checkRunForm } from "./runFormCheck";

/** Workspace key prefix of an assistant's run form history (newest first). */
const HISTORY_KEY = "langgraphDebugger.runFormHistory";
/** Inputs kept per assistant. */
export const HISTORY_SIZE = 20;

/** What the run form needs from the rest of the host. */
export interface RunFormDeps {
  schemas(assistantId: string): Promise<GraphSchema>;
  /** The assistant's name (or graph id), for the form's title. */
  name(assistantId: string): Promise<string>;
  memento: vscode.Memento;
  /** The deployment refuses a run with both `configurable` and `context` (the Python server: docs/SERVER-DIFFERENCES.md §15). */
  refusesConfigWithContext?(): boolean;
}

/** Answers `openRunForm` and checks `submitRunForm`. */
export class RunForms {
  constructor(private readonly deps: RunFormDeps) {}

  /** The form's schemas and history; a deployment that cannot give the schemas still gets a JSON-only form. */
  async open(message: OpenRunFormMessage): Promise<RunFormMessage> {
    const { assistantId } = message;
    const history = this.history(assistantId);
    const name = await this.deps.name(assistantId).catch(() => assistantId);
    try {
      const s = await this.deps.schemas(assistantId);
      return { type: "runForm", assistantId, name, history, schemas: { input: s.input_schema ?? undefined, config: configurableOf(s.config_schema), context: s.context_schema ?? undefined } };
    } catch (error) {
      return { type: "runForm", assistantId, name, history, schemas: {}, error: `Could not read the assistant's schemas: ${(error as Error).message}` };
    }
  }

  /** The run to start, or what is wrong keyed by field. The values join the history once they fit. */
  async submit(message: SubmitRunFormMessage): Promise<{ request: StartRequest; problems?: undefined } | { request?: undefined; problems: Record<string, string> }> {
    const schemas = await this.deps.schemas(message.assistantId).catch(() => undefined);
    const problems = checkRunForm({ input: schemas?.input_schema, config: configurableOf(schemas?.config_schema), context: schemas?.context_schema }, message.values);
    const both = Object.keys(message.values.config ?? {}).length > 0 && Object.keys(message.values.context ?? {}).length > 0;
    if (both && this.deps.refusesConfigWithContext?.()) problems.context ??= "This server refuses a run with both config and context; it passes each as the other, so fill in only one of them.";
    if (Object.keys(problems).length > 0) return { problems };
    await this.remember(message.assistantId, message.values);
    const { input, config, context } = message.values;
    const request: StartRequest = { assistantId: message.assistantId, threadId: message.threadId, input };
    if (config && Object.keys(config).length > 0) request.config = { configurable: config };
    if (context && Object.keys(context).length > 0) request.context = context;
    return { request };
  }

  /** The assistant's inputs, newest first. */
  history(assistantId: string): RunFormValues[] {
    return this.deps.memento.get<RunFormValues[]>(`${HISTORY_KEY}.${assistantId}`, []);
  }

  private async remember(assistantId: string, values: RunFormValues): Promise<void> {
    const same = JSON.stringify(values);
    const rest = this.history(assistantId).filter((v) => JSON.stringify(v) !== same);
    await this.deps.memento.update(`${HISTORY_KEY}.${assistantId}`, [values, ...rest].slice(0, HISTORY_SIZE));
  }
}

/**
 * The `configurable` part of a config schema. The Python server reports the whole RunnableConfig's
 * configurable as the schema itself; the JS server too (docs/SERVER-DIFFERENCES.md, run form):
 * a schema with a `configurable` property is unwrapped in case a server nests it.
 */
export function configurableOf(schema: unknown): unknown {
  if (!schema || typeof schema !== "object") return undefined;
  const properties = (schema as { properties?: Record<string, unknown> }).properties;
  const inner = properties?.configurable;
  if (inner && typeof inner === "object" && Object.keys(properties ?? {}).length === 1) return { ...(schema as object), ...inner };
  return schema;
}
