import * as vscode from "vscode";
import type { Assistant, GraphSchema } from "@langchain/langgraph-sdk";
import type { LangGraphApi } from "../engine/client";
import { assistantNamed } from "../engine/client/graphIds";
import { inputFields } from "./inputSchema";
import { assistantRows, type AssistantRow } from "./labels";
import { PickAfterRead } from "./pickAfterRead";
import { assistantNames, threadPickRows } from "./threadLabels";
import { parseRunInput, schemaTakesMessages } from "./runInput";

const LAST_INPUT_KEY = "langgraphDebugger.lastInput";

/** A thread pick row: a thread, the New thread row (no id), or a separator. */
type ThreadItem = vscode.QuickPickItem & { threadId?: string };

/**
 * The given assistant (an id, or a graph id such as "agent"), the only one, or one the person picks
 * (`preferred`, the one used for runs, listed first); undefined when dismissed.
 */
export async function pickAssistant(client: LangGraphApi, assistantId: string | undefined, preferred?: string): Promise<Assistant | undefined> {
  // The Python server answers 422 to GET /assistants/<graph id>: graph ids are looked up instead.
  if (assistantId) return assistantNamed(client, assistantId);
  const pick = new PickAfterRead<AssistantRow>("LangGraph: pick an assistant", "assistants", client.apiUrl);
  try {
    const assistants = await pick.read((signal) => client.assistants.search({}, { signal }));
    if (!assistants) return undefined;
    if (assistants.length === 0) throw new Error(`The deployment at ${client.apiUrl} has no assistants.`);
    if (assistants.length === 1) return assistants[0];
    const rows = assistantRows(assistants).map((row) => (row.assistant.assistant_id === preferred ? { ...row, description: [row.description, "used for runs"].filter(Boolean).join(" · ") } : row));
    const first = rows.findIndex((row) => row.assistant.assistant_id === preferred);
    if (first > 0) rows.unshift(...rows.splice(first, 1));
    return (await pick.choose(rows, { placeholder: "Assistant to run", matchOnDescription: true }))?.assistant;
  } finally {
    pick.dispose();
  }
}

/**
 * A recent thread, or null for a new one; undefined when dismissed. Each thread is named by its
 * first message with its assistant and status; the chosen assistant's threads come first. The new
 * thread is created only once the input is accepted, so a dismissed or rejected input leaves none behind.
 */
export async function pickThread(client: LangGraphApi, assistant: Assistant): Promise<string | null | undefined> {
  const pick = new PickAfterRead<ThreadItem>("LangGraph: pick a thread", "threads", client.apiUrl);
  try {
    const read = await pick.read((signal) =>
      Promise.all([
        client.threads.search({ limit: 20, sortBy: "updated_at", sortOrder: "desc" }, { signal }).catch(() => []),
        client.assistants.search({ limit: 100 }, { signal }).catch(() => [assistant]),
      ]),
    );
    if (!read) return undefined;
    const [recent, assistants] = read;
    if (recent.length === 0) return null;
    const rows = threadPickRows(recent, assistantNames(assistants), assistant);
    const items: ThreadItem[] = [
      { label: "$(add) New thread", description: "start from an empty state" },
      ...rows.map((row) => (row.kind === "separator" ? { label: row.label, kind: vscode.QuickPickItemKind.Separator } : { label: row.label, description: row.description, detail: row.detail, threadId: row.threadId })),
    ];
    const picked = await pick.choose(items, { placeholder: "Thread to run on", matchOnDescription: true, matchOnDetail: true });
    if (!picked) return undefined;
    return picked.threadId ?? null;
  } finally {
    pick.dispose();
  }
}

/** The run's input: an input box prefilled with `value` (what was typed before an Edit), else the last input used for this assistant. */
export async function askRunInput(assistant: Assistant, schemas: GraphSchema | undefined, memento: vscode.Memento, value?: string): Promise<string | undefined> {
  const key = `${LAST_INPUT_KEY}.${assistant.assistant_id}`;
  const takesMessages = schemaTakesMessages(schemas?.input_schema);
  const fields = inputFields(schemas?.input_schema);
  const text = await vscode.window.showInputBox({
    title: `LangGraph: input for ${assistant.name || assistant.graph_id}`,
    prompt: `${takesMessages ? "Plain text becomes a user message; a JSON object is sent as is." : `The graph's input, as a JSON object${fields ? ` with ${fields}` : ""}.`} Top-level "config" and "context" keys are the run's config and context.`,
    value: value ?? memento.get<string>(key, ""),
    ignoreFocusOut: true,
    validateInput: (value) => {
      const parsed = parseRunInput(value, takesMessages, fields);
      return parsed.ok ? undefined : parsed.message;
    },
  });
  if (text !== undefined) await memento.update(key, text);
  return text;
}

/** A JSON value typed by the person (for resuming an `interrupt()`); plain text is sent as a string. */
export async function askJsonValue(title: string, prompt: string, value = ""): Promise<{ value: unknown } | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (input) => {
      const t = input.trim();
      if (!/^[[{"]|^(true|false|null|-?\d)/.test(t)) return undefined;
      try {
        JSON.parse(t);
        return undefined;
      } catch (error) {
        return `Not valid JSON: ${(error as Error).message}`;
      }
    },
  });
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!/^[[{"]|^(true|false|null|-?\d)/.test(t)) return { value: text };
  return { value: JSON.parse(t) };
}
