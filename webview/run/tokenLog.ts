// Streamed messages per node, kept as fixed-width wrapped rows so the token pane can window them
// (bounded DOM whatever the length). The messages themselves are accumulated by the engine's
// TokenAccumulator (the same one the host's superstep assembler uses); this only lays them out in
// rows. Appends to a text-only last message re-wrap only its last row.
import type { RunEvent, StreamedMessage } from "../../src/engine/model";
import { TokenAccumulator } from "../../src/engine/tokens";

/** What a row shows: a message heading, message text, a tool call heading or its argument text. */
export type TokenRowKind = "heading" | "text" | "tool" | "args";

/** One fixed-height line of the token pane. */
export interface TokenRow {
  kind: TokenRowKind;
  text: string;
}

interface LoggedMessage {
  /** The accumulated message (owned by the accumulator, updated in place). */
  message: StreamedMessage;
  /** Position in its section's message list. */
  index: number;
  /** First row of this message in its section. */
  rowStart: number;
  /** First row of its text (after its heading, which may wrap). */
  textStart: number;
  /** Text length already wrapped into rows (fast path for appends); -1: re-wrap all of it. */
  wrappedLength: number;
  /** Text appended since the last wrap (slicing the message's text instead would flatten the whole string every frame). */
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

/** What a log holds, copied, to go back to later (the run viewer's scrubber keeps a few). */
export interface TokenLogSnapshot {
  sections: { nodeId: string; messages: StreamedMessage[] }[];
  lastNodeId: string | undefined;
}

/** A message copied deep enough that later appends to the original do not show through. */
function copyMessage(m: StreamedMessage): StreamedMessage {
  return { ...m, toolCalls: m.toolCalls.map((c) => ({ ...c })) };
}

interface SectionState extends TokenSection {
  messages: LoggedMessage[];
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

/** Consecutive rows of one kind, drawn as one element: their texts, one line each. */
export interface TokenRun {
  kind: TokenRowKind;
  /** The rows' texts joined by newlines. */
  text: string;
  /** How many rows (lines) it holds. */
  rows: number;
  /** Its first row. */
  first: number;
}

/**
 * Rows `first` to `last - 1` as runs of one kind. The pane draws a streaming section as a few runs
 * rather than an element per row: at thousands of tokens a second a whole window of rows is new
 * every frame, and making and removing that many elements per frame cost more than the frame.
 */
export function tokenRuns(rows: readonly TokenRow[], first: number, last: number): TokenRun[] {
  const runs: { kind: TokenRowKind; texts: string[]; first: number }[] = [];
  for (let i = Math.max(0, first); i < Math.min(last, rows.length); i++) {
    const { kind, text } = rows[i];
    const run = runs.at(-1);
    if (run?.kind === kind) run.texts.push(text);
    else runs.push({ kind, texts: [text], first: i });
  }
  return runs.map(({ kind, texts, first }) => ({ kind, text: texts.join("\n"), rows: texts.length, first }));
}

function headingOf(m: StreamedMessage): string {
  if (m.role === "tool") return `tool result${m.name ? ` · ${m.name}` : ""}${m.toolCallId ? ` (${m.toolCallId})` : ""}`;
  return m.role;
}

/** Accumulates token and message events into per-node sections of wrapped rows. */
export class TokenLog {
  private sections = new Map<string, SectionState>();
  private accumulator = new TokenAccumulator();
  /** Each accumulated message's place in the rows (a message stays in the section it first streamed to). */
  private logged = new Map<StreamedMessage, { section: SectionState; row: LoggedMessage }>();
  private cols: number;
  /** Versions are drawn from one counter, so a section rebuilt by `restore` never reuses a version. */
  private versions = 0;

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

  /** A section's messages as plain text, unwrapped: each under its heading, tool calls with their arguments. */
  text(nodeId: string): string {
    const messages = this.sections.get(nodeId)?.messages ?? [];
    return messages
      .map(({ message: m }) => [headingOf(m), m.text, ...m.toolCalls.map((c) => `${c.name ?? "tool call"}${c.id ? ` (${c.id})` : ""} ${c.argsText}`)].filter(Boolean).join("\n"))
      .join("\n\n");
  }

  /** Forgets everything (a new run). */
  clear(): void {
    this.sections.clear();
    this.accumulator = new TokenAccumulator();
    this.logged.clear();
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
    const message = this.accumulator.push(event);
    if (!message) return;
    this.lastNodeId = nodeId;
    const { section, row } = this.rowFor(nodeId, message);
    if (event.kind === "token") {
      row.unwrapped += event.text;
      if (event.toolCallChunks.length > 0) row.wrappedLength = -1;
    } else {
      // A whole message replaces what streamed under its id.
      row.wrappedLength = -1;
    }
    row.dirty = true;
    section.firstDirty = Math.min(section.firstDirty, row.index);
  }

  /** Rebuilds the rows of changed messages; returns the node ids whose rows changed. */
  flush(): string[] {
    const changed: string[] = [];
    for (const s of this.sections.values()) {
      if (s.firstDirty === Infinity) continue;
      this.rebuild(s);
      s.version = ++this.versions;
      changed.push(s.nodeId);
    }
    return changed;
  }

  /** A copy of the log's messages (cheap: message texts are shared, rows are not copied). */
  snapshot(): TokenLogSnapshot {
    return { sections: [...this.sections.values()].map((s) => ({ nodeId: s.nodeId, messages: s.messages.map((m) => copyMessage(m.message)) })), lastNodeId: this.lastNodeId };
  }

  /** Goes back to a snapshot; every section's rows are rebuilt at the next `flush`. */
  restore(snapshot: TokenLogSnapshot): void {
    this.clear();
    for (const { nodeId, messages } of snapshot.sections) {
      for (const original of messages) {
        const message = copyMessage(original);
        this.accumulator.adopt(message);
        this.rowFor(nodeId, message);
      }
      this.sections.get(nodeId)!.firstDirty = 0;
    }
    this.lastNodeId = snapshot.lastNodeId;
  }

  private sectionFor(nodeId: string): SectionState {
    let s = this.sections.get(nodeId);
    if (!s) {
      s = { nodeId, rows: [], messageCount: 0, version: 0, messages: [], firstDirty: Infinity };
      this.sections.set(nodeId, s);
    }
    return s;
  }

  private rowFor(nodeId: string, message: StreamedMessage): { section: SectionState; row: LoggedMessage } {
    let entry = this.logged.get(message);
    if (!entry) {
      const section = this.sectionFor(nodeId);
      const row: LoggedMessage = { message, index: section.messages.length, rowStart: section.rows.length, textStart: section.rows.length, wrappedLength: -1, unwrapped: "", dirty: true };
      section.messages.push(row);
      section.messageCount = section.messages.length;
      entry = { section, row };
      this.logged.set(message, entry);
    }
    return entry;
  }

  private rebuild(s: SectionState): void {
    const from = s.firstDirty;
    s.firstDirty = Infinity;
    const last = s.messages[s.messages.length - 1];
    // Fast path: only the last message changed and it is plain text whose rows are already laid out.
    if (from === s.messages.length - 1 && last.wrappedLength >= 0 && last.message.toolCalls.length === 0) {
      const added = last.unwrapped;
      if (added.length > 0) {
        const tail = s.rows.length > last.textStart ? (s.rows.pop()?.text ?? "") : "";
        for (const line of wrapText(tail + added, this.cols)) s.rows.push({ kind: "text", text: line });
        last.wrappedLength = last.message.text.length;
        last.unwrapped = "";
      }
      last.dirty = false;
      return;
    }
    s.rows.length = s.messages[from]?.rowStart ?? s.rows.length;
    for (let i = from; i < s.messages.length; i++) {
      const m = s.messages[i];
      const { text, toolCalls } = m.message;
      m.rowStart = s.rows.length;
      // Headings wrap too: a tool result's heading carries a long call id that must not be cut off.
      for (const line of wrapText(headingOf(m.message), this.cols)) s.rows.push({ kind: "heading", text: line });
      m.textStart = s.rows.length;
      if (text.length > 0) for (const line of wrapText(text, this.cols)) s.rows.push({ kind: "text", text: line });
      for (const call of toolCalls) {
        for (const line of wrapText(`${call.name ?? "tool call"}${call.id ? ` (${call.id})` : ""}`, this.cols)) s.rows.push({ kind: "tool", text: line });
        if (call.argsText) for (const line of wrapText(call.argsText, this.cols - 2)) s.rows.push({ kind: "args", text: line });
      }
      m.wrappedLength = toolCalls.length === 0 ? text.length : -1;
      m.unwrapped = "";
      m.dirty = false;
    }
  }
}
