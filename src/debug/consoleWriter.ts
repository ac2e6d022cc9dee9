// The Debug Console's view of a run: a line when a node starts and ends, and each node's streamed
// tokens gathered into readable text (written when the node ends, or at a stop), never one line per token.
import { OutputEvent } from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";
import path from "node:path";
import type { RunEvent } from "../engine/model";
import type { LogLine, SourceLine } from "./breakpoints";

/** DAP output categories used here. */
export type OutputCategory = "console" | "stdout" | "stderr" | "important";

/** A DAP `output` event; a logpoint's carries its source line (the Debug Console links to it). */
export function outputEvent(text: string, category: OutputCategory, where?: SourceLine): DebugProtocol.OutputEvent {
  const event = new OutputEvent(text, category) as DebugProtocol.OutputEvent;
  if (where) Object.assign(event.body, { source: { name: path.basename(where.path), path: where.path }, line: where.line });
  return event;
}

/** Turns run events into Debug Console output. */
export class ConsoleWriter {
  private readonly tokens = new Map<string, { label: string; text: string }>();

  constructor(private readonly write: (text: string, category: OutputCategory, where?: SourceLine) => void) {}

  /** One line of text. */
  line(text: string, category: OutputCategory = "console"): void {
    this.write(`${text}\n`, category);
  }

  /** A logpoint's line, tied to its source line (the Debug Console links to it). */
  log(line: LogLine): void {
    this.write(`${line.text}\n`, "stdout", line.where);
  }

  /** Feeds a batch of the driver's run events. */
  events(events: readonly RunEvent[]): void {
    for (const event of events) {
      if (event.kind === "taskStart") this.line(`▶ ${label(event.ns, event.node)}`);
      else if (event.kind === "token" && event.text) {
        const key = keyOf(event.ns, event.node);
        const entry = this.tokens.get(key) ?? { label: label(event.ns, event.node), text: "" };
        entry.text += event.text;
        this.tokens.set(key, entry);
      } else if (event.kind === "taskResult") {
        this.flushOne(keyOf(event.ns, event.node));
        if (event.error) this.line(`✗ ${label(event.ns, event.node)}: ${event.error.message}`, "stderr");
        else if (event.interrupts.length) this.line(`‖ ${label(event.ns, event.node)} waits in interrupt()`);
        else this.line(`✓ ${label(event.ns, event.node)}`);
      }
    }
  }

  /** Writes the tokens gathered so far (at a stop or the end). */
  flush(): void {
    for (const key of [...this.tokens.keys()]) this.flushOne(key);
  }

  private flushOne(key: string): void {
    const entry = this.tokens.get(key);
    if (!entry) return;
    this.tokens.delete(key);
    this.write(`  ${entry.label}: ${entry.text}\n`, "stdout");
  }
}

function keyOf(ns: string[], node: string): string {
  return `${ns.join("|")}\u0000${node}`;
}

/** `child › child_llm` for a node inside the subgraph node `child`. */
export function label(ns: string[], node: string): string {
  return [...ns.map((segment) => segment.split(":")[0]), node].join(" › ");
}
