// The conversation chat mode shows: the thread's `messages` as its newest top-level state holds
// them, plus the messages streaming in since (tokens, tool results), plus what was just sent and is
// not in the state yet. One owner for it; no DOM, no `vscode` (unit-tested on recorded streams).
import { contentText, readMessage, messageId } from "../messageFields";
import type { RunEvent, StreamedMessage, Superstep } from "../model";
import { TokenAccumulator } from "../tokens";

/** A tool call of an AI message: name and arguments (parsed once they are whole JSON). */
export interface ChatToolCall {
  id?: string;
  name: string;
  /** Parsed arguments, or the text streamed so far while it is not whole JSON yet. */
  args: unknown;
}

/** One bubble of the conversation. */
export interface ChatMessage {
  /** The message's id (stable across stream and state; the JS server's tool results arrive without one). */
  id: string;
  /** `human`, `ai`, `tool`, `system`, … */
  role: string;
  /** The node that produced it, when known (none for what the person sent). */
  node?: string;
  text: string;
  toolCalls: ChatToolCall[];
  /** For a tool result: the call it answers, and the tool's name. */
  toolCallId?: string;
  toolName?: string;
  /** Still streaming: not in the thread's state yet. */
  streaming?: boolean;
  /** Sent from this view; the run has not written it to the state yet. */
  pending?: boolean;
}

/** Builds the conversation from supersteps and stream events; `version` grows on every change. */
export class Conversation {
  private committed: ChatMessage[] = [];
  private live = new TokenAccumulator();
  /** Node of each message id (and of each tool call id, for tool results), learned from steps and streams. */
  private readonly nodeOf = new Map<string, string>();
  private pendingText: string | undefined;
  private rootStateSeen = false;
  private running = false;
  version = 0;

  /** Starts over (another thread, or the story rebuilt). */
  reset(): void {
    this.committed = [];
    this.live = new TokenAccumulator();
    this.nodeOf.clear();
    this.pendingText = undefined;
    this.rootStateSeen = false;
    this.running = false;
    this.version++;
  }

  /** A message the person sent, shown until the run writes it to the state. */
  send(text: string): void {
    this.pendingText = text;
    this.version++;
  }

  /** The text sent and not yet in the state, if any. */
  get sentText(): string | undefined {
    return this.pendingText;
  }

  /** Forgets a sent message the run never took (the server refused the run). */
  dropPending(): void {
    if (this.pendingText === undefined) return;
    this.pendingText = undefined;
    this.version++;
  }

  /** Applies a stream event; returns whether the conversation changed. */
  addEvent(event: RunEvent): boolean {
    if (event.kind !== "token" && event.kind !== "message") return false;
    const streamed = this.live.push(event);
    if (!streamed) return false;
    // The input message comes back whole from some servers: the state will hold it.
    if (streamed.role === "human") return false;
    this.learnNode(streamed);
    this.version++;
    return true;
  }

  /** Applies a closed superstep: a top-level step's state becomes the conversation. */
  addSuperstep(step: Superstep): boolean {
    for (const run of step.nodes) {
      for (const m of run.messages) this.learnNode(m);
      for (const id of writtenMessageIds(run.writes)) if (step.ns.length === 0) this.nodeOf.set(id, run.node);
    }
    if (step.ns.length > 0) return false;
    const state = step.stateAfter as { messages?: unknown } | null | undefined;
    if (!state || typeof state !== "object" || !Array.isArray(state.messages)) return false;
    // Messages a single node added in this step are that node's (a thread read from history streams nothing).
    const only = step.nodes.length === 1 ? step.nodes[0].node : undefined;
    const known = new Set(this.committed.map((m) => m.id));
    this.committed = state.messages.map((raw, i) => toChatMessage(raw, i)).filter((m): m is ChatMessage => m !== undefined);
    for (const m of this.committed) {
      if (!known.has(m.id) && only && only !== "__start__" && m.role !== "human" && !this.nodeOf.has(m.id)) this.nodeOf.set(m.id, only);
    }
    if (this.pendingText !== undefined && this.committed.some((m) => m.role === "human" && !known.has(m.id) && m.text === this.pendingText)) this.pendingText = undefined;
    this.rootStateSeen = true;
    this.version++;
    return true;
  }

  /**
   * A run started on the thread shown: what streams from now on is in progress. What an earlier run
   * streamed and the state never took (a stopped answer) goes: it would sit below this run's messages.
   */
  runStarted(): void {
    this.live = new TokenAccumulator();
    this.running = true;
    this.version++;
  }

  /** The run ended: what streamed but never reached the state (a cancelled or failed answer) stays shown, no longer streaming. */
  runEnded(): void {
    this.running = false;
    this.pendingText = undefined;
    this.version++;
  }

  /** Whether a top-level state has been seen (a thread with no messages key never gets one). */
  get hasState(): boolean {
    return this.rootStateSeen;
  }

  /** The conversation, oldest first. */
  messages(): ChatMessage[] {
    const ids = new Set(this.committed.map((m) => m.id));
    const answered = new Set(this.committed.flatMap((m) => (m.toolCallId ? [m.toolCallId] : [])));
    const out = this.committed.map((m) => this.withNode(m));
    if (this.pendingText !== undefined) out.push({ id: "pending", role: "human", text: this.pendingText, toolCalls: [], pending: true });
    for (const s of this.live.all()) {
      if (s.role === "human" || ids.has(s.id) || (s.toolCallId && answered.has(s.toolCallId))) continue;
      out.push(fromStreamed(s, this.running));
    }
    return out;
  }

  private withNode(m: ChatMessage): ChatMessage {
    const node = this.nodeOf.get(m.id) ?? (m.toolCallId ? this.nodeOf.get(`call:${m.toolCallId}`) : undefined);
    return node === undefined ? m : { ...m, node };
  }

  private learnNode(m: StreamedMessage): void {
    if (m.role === "human") return;
    this.nodeOf.set(m.id, m.node);
    if (m.toolCallId) this.nodeOf.set(`call:${m.toolCallId}`, m.node);
  }
}

/** A message of the state as a bubble; undefined when it is not message-shaped. */
export function toChatMessage(raw: unknown, index: number): ChatMessage | undefined {
  const read = readMessage(raw);
  if (!read || read.role === "remove") return undefined;
  const f = read.fields;
  const toolCalls = Array.isArray(f.tool_calls)
    ? (f.tool_calls as Record<string, unknown>[]).map((c) => ({ id: typeof c.id === "string" ? c.id : undefined, name: String(c.name ?? "tool"), args: c.args ?? {} }))
    : [];
  const message: ChatMessage = { id: messageId(raw) ?? `message-${index}`, role: read.role, text: contentText(f.content), toolCalls };
  if (typeof f.tool_call_id === "string") message.toolCallId = f.tool_call_id;
  if (read.role === "tool" && typeof f.name === "string") message.toolName = f.name;
  return message;
}

function fromStreamed(s: StreamedMessage, running: boolean): ChatMessage {
  const message: ChatMessage = {
    id: s.id,
    role: s.role,
    node: s.node,
    text: s.text,
    toolCalls: s.toolCalls.map((c) => ({ id: c.id, name: c.name ?? "tool", args: c.args ?? c.argsText })),
  };
  if (running) message.streaming = true;
  if (s.toolCallId) message.toolCallId = s.toolCallId;
  if (s.role === "tool" && s.name) message.toolName = s.name;
  return message;
}

/** Ids of the messages a node's writes hold (`{messages: [...]}` or one message). */
function writtenMessageIds(writes: unknown): string[] {
  if (!writes || typeof writes !== "object") return [];
  const messages = (writes as { messages?: unknown }).messages;
  const list = Array.isArray(messages) ? messages : messages ? [messages] : [];
  return list.map((m) => messageId(m)).filter((id): id is string => id !== undefined);
}

/** A text cut into prose and fenced code (```), so code keeps its lines and is not wrapped as prose. */
export type TextBlock = { kind: "text"; text: string } | { kind: "code"; text: string; lang?: string };

/** Splits a message's text at ``` fences; an unclosed fence (still streaming) runs to the end. */
export function textBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  const fence = /^```([^\n`]*)\n?/gm;
  let at = 0;
  let match: RegExpExecArray | null;
  while ((match = fence.exec(text))) {
    if (match.index > at || blocks.length === 0) pushText(blocks, text.slice(at, match.index));
    const start = match.index + match[0].length;
    const close = text.indexOf("\n```", start - 1);
    const end = close < 0 ? text.length : close;
    const lang = match[1].trim();
    blocks.push(lang ? { kind: "code", text: text.slice(start, end), lang } : { kind: "code", text: text.slice(start, end) });
    if (close < 0) return blocks.filter((b) => b.kind === "code" || b.text.length > 0);
    at = close + 4;
    const lineEnd = text.indexOf("\n", at);
    at = lineEnd < 0 ? text.length : lineEnd + 1;
    fence.lastIndex = at;
  }
  pushText(blocks, text.slice(at));
  return blocks.filter((b) => b.kind === "code" || b.text.length > 0);
}

function pushText(blocks: TextBlock[], text: string): void {
  blocks.push({ kind: "text", text: text.replace(/^\n+|\n+$/g, "") });
}
