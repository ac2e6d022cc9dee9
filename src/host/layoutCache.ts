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

export class LayoutCache {
  private layouts: StoredLayout[];

  constructor(
    private readonly memento: LayoutMemento,
    private readonly onError: (message: string) => void,
    private readonly limits: LayoutCacheLimits = DEFAULT_LIMITS,
  ) {
    // Whatever another version (or a damaged state) stored: only entries of the right shape.
    const stored = memento.get<unknown>(STORAGE_KEY, []);
    this.layouts = Array.isArray(stored) ? stored.filter(isStoredLayout) : [];
  }

  /** The kept layouts, newest first. */
  all(): StoredLayout[] {
    return this.layouts;
  }

  /** Keeps a layout a view made (first, replacing one under the same key); drops the oldest beyond the limits. */
  keep(layout: unknown): void {
    if (!isStoredLayout(layout)) return;
    const size = JSON.stringify(layout).length;
    if (size > this.limits.chars) return;
    const next = [layout, ...this.layouts.filter((l) => l.key !== layout.key)];
    let total = 0;
    const kept = next.filter((l, i) => {
      total += i === 0 ? size : JSON.stringify(l).length;
      return i < this.limits.entries && total <= this.limits.chars;
    });
    this.layouts = kept;
    this.memento.update(STORAGE_KEY, kept).then(undefined, (error: unknown) => this.onError(`Could not keep a graph layout: ${String(error)}`));
  }
}

function isStoredLayout(value: unknown): value is StoredLayout {
  const layout = value as Partial<StoredLayout> | undefined;
  return typeof layout?.key === "string" && typeof layout.geometry === "object" && layout.geometry !== null;
}
