// Accumulates streamed chunks into whole messages: text per message id, tool calls by chunk `index`.
import { contentText, readMessage } from "./messageFields";
import type { Namespace, RunEvent, StreamedMessage, ToolCallDraft } from "./model";

type TokenEvent = Extract<RunEvent, { kind: "token" }>;
type MessageEvent = Extract<RunEvent, { kind: "message" }>;

/** Appends a tool call chunk to the draft with the same `index`, creating it on first sight. */
export function applyToolCallChunk(drafts: ToolCallDraft[], chunk: TokenEvent["toolCallChunks"][number]): ToolCallDraft {
  let draft = drafts.find((d) => d.index === chunk.index);
  if (!draft) {
    draft = { index: chunk.index, argsText: "" };
    drafts.push(draft);
    drafts.sort((a, b) => a.index - b.index);
  }
  if (chunk.id) draft.id = chunk.id;
  if (chunk.name) draft.name = chunk.name;
  if (chunk.args) {
    draft.argsText += chunk.args;
    draft.args = parseArgs(draft.argsText);
  }
  return draft;
}

/** Parsed tool arguments once the streamed text is a complete JSON object, else undefined. */
export function parseArgs(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trimEnd();
  // Cheap pre-check so a long argument stream is not re-parsed on every partial chunk.
  if (!trimmed.endsWith("}")) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Accumulates token and whole-message events of one run into `StreamedMessage`s, keyed by message id. */
export class TokenAccumulator {
  private readonly byId = new Map<string, StreamedMessage>();

  /** Applies a `token` or `message` event; returns the message it updated (other kinds: undefined). */
  push(event: RunEvent): StreamedMessage | undefined {
    if (event.kind === "token") return this.pushToken(event);
    if (event.kind === "message") return this.pushMessage(event);
    return undefined;
  }

  /** The message with this id, if seen. */
  get(id: string): StreamedMessage | undefined {
    return this.byId.get(id);
  }

  /** Takes a message accumulated elsewhere (restoring a copy): later events for its id go on with it. */
  adopt(message: StreamedMessage): void {
    this.byId.set(message.id, message);
  }

  /** All messages, in the order they were first seen. */
  all(): StreamedMessage[] {
    return [...this.byId.values()];
  }

  private pushToken(event: TokenEvent): StreamedMessage {
    const msg = this.getOrCreate(event.messageId, event.role, event.node, event.ns, event.step);
    msg.text += event.text;
    for (const chunk of event.toolCallChunks) applyToolCallChunk(msg.toolCalls, chunk);
    return msg;
  }

  private pushMessage(event: MessageEvent): StreamedMessage {
    const fields = readMessage(event.message)?.fields ?? event.message;
    const role = typeof event.message.type === "string" ? event.message.type : "unknown";
    const id = typeof fields.id === "string" ? fields.id : "";
    const msg = this.getOrCreate(id, role, event.node, event.ns, event.step);
    // A whole message replaces what was streamed under its id.
    msg.text = contentText(fields.content);
    if (typeof fields.tool_call_id === "string") msg.toolCallId = fields.tool_call_id;
    if (typeof fields.name === "string") msg.name = fields.name;
    return msg;
  }

  private getOrCreate(id: string, role: string, node: string, ns: Namespace, step?: number): StreamedMessage {
    // Chunks without an id are grouped per node and step, the best guess at "the same message".
    const key = id || `synthetic:${ns.join("|")}:${node}:${step ?? "?"}`;
    let msg = this.byId.get(key);
    if (!msg) {
      msg = { id: key, role, node, ns, text: "", toolCalls: [] };
      if (step !== undefined) msg.step = step;
      this.byId.set(key, msg);
    }
    return msg;
  }
}
