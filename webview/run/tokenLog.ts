// Streamed messages per node, kept as fixed-width wrapped rows so the token pane can window them
// (bounded DOM whatever the length). Keyed by message id; appends to a text-only last message
// re-wrap only its last row.
import type { RunEvent, ToolCallDraft } from "../../src/engine/model";

/** What a row shows: a message heading, message text, a tool call heading or its argument text. */
export type TokenRowKind = "heading" | "text" | "tool" | "args";

/** One fixed-height line of the token pane. */
export interface TokenRow {
  kind: TokenRowKind;
  text: string;
}

interface LoggedMessage {
  id: string;
  /** Position in its section's message list. */
  index: number;
  role: string;
  text: string;
  toolCalls: ToolCallDraft[];
  toolCallId?: string;
  name?: string;
  /** First row of this message in its section. */
  rowStart: number;
  /** Text length already wrapped into rows (fast path for appends); -1: re-wrap all of it. */
  wrappedLength: number;
  /** Text appended since the last wrap (slicing `text` instead would flatten the whole string every frame). */
  unwrapped: string;
  dirty: boolean;
}

/** The rows of one node's section. */
export interface TokenSection {
  nodeId: string;
  rows: TokenRow[];
  messageCount: number;
  /** Bumped whenever rows change. */
  version: number;
}

interface SectionState extends TokenSection {
  messages: LoggedMessage[];
  byId: Map<string, LoggedMessage>;
  firstDirty: number;
}

/** Wraps text at `cols` characters, breaking after a space when one is near the end of the line. */
export function wrapText(text: string, cols: number): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    let rest = line;
    while (rest.length > cols) {
      const space = rest.lastIndexOf(" ", cols);
      const cut = space > cols * 0.6 ? space + 1 : cols;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    out.push(rest);
  }
  return out;
}

function headingOf(m: LoggedMessage): string {
  if (m.role === "tool") return `tool result${m.name ? ` · ${m.name}` : ""}${m.toolCallId ? ` (${m.toolCallId})` : ""}`;
  return m.role;
}

/** Accumulates token and message events into per-node sections of wrapped rows. */
export class TokenLog {
  private sections = new Map<string, SectionState>();
  private cols: number;

  constructor(cols = 80) {
    this.cols = Math.max(10, cols);
  }

  /** Node ids in the order they first streamed. */
  get nodeIds(): string[] {
    return [...this.sections.keys()];
  }

  /** The section of a node, if it streamed anything. */
  section(nodeId: string): TokenSection | undefined {
    return this.sections.get(nodeId);
  }

  /** Forgets everything (a new run). */
  clear(): void {
    this.sections.clear();
    this.lastNodeId = undefined;
  }

  /** Re-wraps every section for a new pane width. */
  setCols(cols: number): void {
    const next = Math.max(10, Math.floor(cols));
    if (next === this.cols) return;
    this.cols = next;
    for (const s of this.sections.values()) {
      s.firstDirty = 0;
      for (const m of s.messages) {
        m.dirty = true;
        m.wrappedLength = -1;
      }
    }
  }

  /** The node the latest token or message came from. */
  lastNodeId: string | undefined;

  /** Adds a token event or a whole message event to `nodeId`'s section. */
  add(nodeId: string, event: Extract<RunEvent, { kind: "token" | "message" }>): void {
    const section = this.sectionFor(nodeId);
    this.lastNodeId = nodeId;
    if (event.kind === "token") {
      const m = this.messageFor(section, event.messageId, event.role);
      m.text += event.text;
      m.unwrapped += event.text;
      for (const chunk of event.toolCallChunks) {
        let call = m.toolCalls.find((c) => c.index === chunk.index);
        if (!call) {
          call = { index: chunk.index, argsText: "" };
          m.toolCalls.push(call);
          m.wrappedLength = -1;
        }
        if (chunk.id) call.id = chunk.id;
        if (chunk.name) call.name = chunk.name;
        if (chunk.args) call.argsText += chunk.args;
        m.wrappedLength = -1;
      }
      this.markDirty(section, m);
      return;
    }
    const msg = event.message;
    const id = typeof msg.id === "string" ? msg.id : `message-${section.messages.length}`;
    const role = String(msg.type ?? msg.role ?? "message").replace(/Chunk$/, "").replace(/^AIMessage$/, "ai");
    const m = this.messageFor(section, id, role);
    const content = contentText(msg.content);
    if (content.length >= m.text.length) m.text = content;
    if (typeof msg.tool_call_id === "string") m.toolCallId = msg.tool_call_id;
    if (typeof msg.name === "string") m.name = msg.name;
    if (Array.isArray(msg.tool_calls) && m.toolCalls.length === 0) {
      m.toolCalls = msg.tool_calls.map((c: { id?: string; name?: string; args?: unknown }, index: number) => ({
        index,
        id: c.id,
        name: c.name,
        argsText: JSON.stringify(c.args ?? {}),
      }));
    }
    m.wrappedLength = -1;
    this.markDirty(section, m);
  }

  /** Rebuilds the rows of changed messages; returns the node ids whose rows changed. */
  flush(): string[] {
    const changed: string[] = [];
    for (const s of this.sections.values()) {
      if (s.firstDirty === Infinity) continue;
      this.rebuild(s);
      s.version++;
      changed.push(s.nodeId);
    }
    return changed;
  }

  private sectionFor(nodeId: string): SectionState {
    let s = this.sections.get(nodeId);
    if (!s) {
      s = { nodeId, rows: [], messageCount: 0, version: 0, messages: [], byId: new Map(), firstDirty: Infinity };
      this.sections.set(nodeId, s);
    }
    return s;
  }

  private messageFor(s: SectionState, id: string, role: string): LoggedMessage {
    let m = s.byId.get(id);
    if (!m) {
      m = { id, index: s.messages.length, role, text: "", toolCalls: [], rowStart: s.rows.length, wrappedLength: -1, unwrapped: "", dirty: true };
      s.byId.set(id, m);
      s.messages.push(m);
      s.messageCount = s.messages.length;
    }
    if (role === "tool") m.role = role;
    return m;
  }

  private markDirty(s: SectionState, m: LoggedMessage): void {
    m.dirty = true;
    s.firstDirty = Math.min(s.firstDirty, m.index);
  }

  private rebuild(s: SectionState): void {
    const from = s.firstDirty;
    s.firstDirty = Infinity;
    const last = s.messages[s.messages.length - 1];
    // Fast path: only the last message changed and it is plain text whose rows are already laid out.
    if (from === s.messages.length - 1 && last.wrappedLength >= 0 && last.toolCalls.length === 0) {
      const added = last.unwrapped;
      if (added.length > 0) {
        const tail = s.rows.length > last.rowStart + 1 ? (s.rows.pop()?.text ?? "") : "";
        for (const line of wrapText(tail + added, this.cols)) s.rows.push({ kind: "text", text: line });
        last.wrappedLength = last.text.length;
        last.unwrapped = "";
      }
      last.dirty = false;
      return;
    }
    s.rows.length = s.messages[from]?.rowStart ?? s.rows.length;
    for (let i = from; i < s.messages.length; i++) {
      const m = s.messages[i];
      m.rowStart = s.rows.length;
      s.rows.push({ kind: "heading", text: headingOf(m) });
      if (m.text.length > 0) for (const line of wrapText(m.text, this.cols)) s.rows.push({ kind: "text", text: line });
      for (const call of m.toolCalls) {
        s.rows.push({ kind: "tool", text: `${call.name ?? "tool call"}${call.id ? ` (${call.id})` : ""}` });
        if (call.argsText) for (const line of wrapText(call.argsText, this.cols - 2)) s.rows.push({ kind: "args", text: line });
      }
      m.wrappedLength = m.toolCalls.length === 0 ? m.text.length : -1;
      m.unwrapped = "";
      m.dirty = false;
    }
  }
}

/** Text of a message's content: a string, or the text blocks of a list of content blocks. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((block) => (typeof block === "string" ? block : block && typeof block === "object" && "text" in block ? String(block.text) : ""))
      .join("");
  }
  return content == null ? "" : JSON.stringify(content);
}
