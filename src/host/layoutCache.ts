// The layouts graph webviews made, kept by the host for every later view: a new editor tab, the side
// panel in a new window or after a reload draws a graph laid out before at once, instead of waiting
// ~0.5 s for ELK to load and warm up in its new worker. Kept in globalState, newest first, within a
// count and a size (a 150-node layout is ~100 KB; the samples' are a few KB). The key names the
// build's worker, so a layout made by another version is never matched and ages out. No `vscode` import.
import type { StoredLayout } from "../shared/protocol";

/** The part of a vscode.Memento this uses. */
export interface LayoutMemento {
  get<T>(key: string, defaultValue: T): T;
  update(key: string, value: unknown): Thenable<void>;
}

const STORAGE_KEY = "langgraphDebugger.layouts.v1";

export interface LayoutCacheLimits {
  entries: number;
  /** Total of the kept layouts' JSON lengths. */
  chars: number;
}

const DEFAULT_LIMITS: LayoutCacheLimits = { entries: 12, chars: 600_000 };

/** A kept layout and its JSON length, measured once when it comes in. */
interface Entry {
  layout: StoredLayout;
  size: number;
}

export class LayoutCache {
  private entries: Entry[];

  constructor(
    private readonly memento: LayoutMemento,
    private readonly onError: (message: string) => void,
    private readonly limits: LayoutCacheLimits = DEFAULT_LIMITS,
  ) {
    // Whatever another version (or a damaged state) stored: only entries of the right shape.
    const stored = memento.get<unknown>(STORAGE_KEY, []);
    this.entries = (Array.isArray(stored) ? stored.filter(isStoredLayout) : []).map(entryOf);
  }

  /** The kept layouts, newest first. */
  all(): StoredLayout[] {
    return this.entries.map((e) => e.layout);
  }

  /** Keeps a layout a view made (first, replacing one under the same key); drops the oldest beyond the limits. */
  keep(layout: unknown): void {
    if (!isStoredLayout(layout)) return;
    // The newest already: the same key lays out the same, and every view that draws it again says so.
    if (this.entries[0]?.layout.key === layout.key) return;
    const entry = entryOf(layout);
    if (entry.size > this.limits.chars) return;
    let total = 0;
    this.entries = [entry, ...this.entries.filter((e) => e.layout.key !== layout.key)].filter((e, i) => {
      total += e.size;
      return i < this.limits.entries && total <= this.limits.chars;
    });
    this.memento.update(STORAGE_KEY, this.all()).then(undefined, (error: unknown) => this.onError(`Could not keep a graph layout: ${String(error)}`));
  }
}

function entryOf(layout: StoredLayout): Entry {
  return { layout, size: JSON.stringify(layout).length };
}

function isStoredLayout(value: unknown): value is StoredLayout {
  const layout = value as Partial<StoredLayout> | undefined;
  return typeof layout?.key === "string" && typeof layout.geometry === "object" && layout.geometry !== null;
}
