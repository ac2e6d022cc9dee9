// Breakpoint-like interrupts on nodes, kept per assistant in the workspace. No `vscode` import.
import type { BreakpointWhen, Breakpoints } from "../shared/protocol";

/** The part of `vscode.Memento` the store needs. */
export interface KeyValueStore {
  get<T>(key: string, defaultValue: T): T;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

const KEY = "langgraphDebugger.breakpoints";
const EMPTY: Breakpoints = { before: [], after: [] };

/** Breakpoints per assistant id; every run and every continue sends them as interrupt_before/after. */
export class BreakpointStore {
  private readonly listeners = new Set<(assistantId: string, breakpoints: Breakpoints) => void>();

  constructor(private readonly storage: KeyValueStore) {}

  /** Breakpoints of one assistant. */
  get(assistantId: string): Breakpoints {
    return this.all()[assistantId] ?? EMPTY;
  }

  /** Whether a breakpoint is set. */
  has(assistantId: string, node: string, when: BreakpointWhen): boolean {
    return this.get(assistantId)[when].includes(node);
  }

  /** Sets or clears one breakpoint; returns whether it is now set. */
  async toggle(assistantId: string, node: string, when: BreakpointWhen): Promise<boolean> {
    const current = this.get(assistantId);
    const set = !current[when].includes(node);
    const nodes = set ? [...current[when], node].sort() : current[when].filter((n) => n !== node);
    const next: Breakpoints = { ...current, [when]: nodes };
    await this.storage.update(KEY, { ...this.all(), [assistantId]: next });
    for (const listener of this.listeners) listener(assistantId, next);
    return set;
  }

  /** Called with the assistant's new breakpoints after each change. */
  onChange(listener: (assistantId: string, breakpoints: Breakpoints) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The request fields for a run: undefined when empty, so the server's defaults apply. */
  runFields(assistantId: string): { interruptBefore?: string[]; interruptAfter?: string[] } {
    const { before, after } = this.get(assistantId);
    return { interruptBefore: before.length ? before : undefined, interruptAfter: after.length ? after : undefined };
  }

  private all(): Record<string, Breakpoints> {
    return this.storage.get<Record<string, Breakpoints>>(KEY, {});
  }
}
