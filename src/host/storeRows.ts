// The Store view's rows, without `vscode`: the namespaces as a tree of prefix levels, an item's
// one-line preview, and the text match a search falls back to when the server has no semantic index.
import type { StoreItem } from "../engine/client";

/** One level of the namespace tree: the labels down to here, the levels below, and whether items live here. */
export interface NamespaceLevel {
  path: string[];
  children: NamespaceLevel[];
  /** A namespace of the store itself (it may hold items), not only a prefix of longer ones. */
  isNamespace: boolean;
}

/** Folds the namespace list into levels below `root` (the search's prefix): ["users","ada","facts"] → users → ada → facts. */
export function namespaceLevels(namespaces: string[][], root: string[] = []): NamespaceLevel[] {
  const top: NamespaceLevel = { path: root, children: [], isNamespace: false };
  for (const ns of namespaces) {
    if (!root.every((label, i) => ns[i] === label)) continue;
    let level = top;
    for (let depth = root.length; depth < ns.length; depth++) {
      const label = ns[depth]!;
      let next = level.children.find((c) => c.path[depth] === label);
      if (!next) {
        next = { path: ns.slice(0, depth + 1), children: [], isNamespace: false };
        level.children.push(next);
      }
      level = next;
    }
    level.isNamespace = true;
  }
  // The root itself being a namespace (a search for a whole namespace) shows it as one level.
  return top.isNamespace ? [{ ...top, children: top.children }] : top.children;
}

/** A namespace as people write it: labels joined by " / ". */
export function namespaceText(ns: readonly string[]): string {
  return ns.join(" / ");
}

/** Reads a prefix typed as `users/ada`, `users.ada` or `users / ada` (labels cannot hold a period). */
export function parseNamespace(text: string): string[] {
  return text
    .split(/[/.]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The value on one line, cut to `max` characters. */
export function valuePreview(value: unknown, max = 80): string {
  const text = JSON.stringify(value) ?? "";
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The items a query matches. A server with a semantic index scores them (and has ordered them);
 * without one (every score null, as on the dev servers) it ignores the query, so the words are looked
 * for in the key and the value here.
 */
export function matchQuery(items: StoreItem[], query: string | undefined): { items: StoreItem[]; semantic: boolean } {
  const words = query?.trim().toLowerCase();
  if (!words) return { items, semantic: false };
  if (items.some((i) => typeof i.score === "number")) return { items, semantic: true };
  return { items: items.filter((i) => `${i.key} ${JSON.stringify(i.value)}`.toLowerCase().includes(words)), semantic: false };
}
