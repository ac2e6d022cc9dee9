// Structural sharing between consecutive states: every superstep arrives as a fresh structured
// clone of the whole state (twice: before and after), so a 1,000-message thread would keep
// 2 × 1,000 copies per step alive. Parts equal to the previous state's are swapped for the
// previous objects, and the fresh copies die young (cheap for the garbage collector). Pure.

/** `next`, with every part deep-equal to the same place in `prev` replaced by `prev`'s object. */
export function shareWith<T>(prev: unknown, next: T): T {
  return share(prev, next, 0) as T;
}

const MAX_DEPTH = 64;

function share(prev: unknown, next: unknown, depth: number): unknown {
  if (prev === next || typeof next !== "object" || next === null) return next;
  if (typeof prev !== "object" || prev === null || depth > MAX_DEPTH) return next;
  if (Array.isArray(next)) {
    if (!Array.isArray(prev)) return next;
    let same = prev.length === next.length;
    for (let i = 0; i < next.length; i++) {
      const shared = i < prev.length ? share(prev[i], next[i], depth + 1) : next[i];
      if (shared !== next[i]) next[i] = shared;
      if (shared !== prev[i]) same = false;
    }
    return same ? prev : next;
  }
  if (Array.isArray(prev)) return next;
  const p = prev as Record<string, unknown>;
  const n = next as Record<string, unknown>;
  const keys = Object.keys(n);
  let same = keys.length === Object.keys(p).length;
  for (const key of keys) {
    const shared = key in p ? share(p[key], n[key], depth + 1) : n[key];
    if (shared !== n[key]) n[key] = shared;
    if (shared !== p[key] || !(key in p)) same = false;
  }
  return same ? prev : next;
}
