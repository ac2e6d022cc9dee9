// One way to write where a value sits inside a state: the diff's entries (`DiffEntry.path`) and the
// state tree's rows (`data-path`) both use it, so a path read in one can be found in the other.
//   messages[1]   plan.steps[0].done   $["odd key"]   $[0] (a list at the root)   $ (the root itself)

/** The path of the root value. */
export const ROOT_PATH = "$";

// Keys starting with `$` are bracketed too: a top-level key "$" must not read as the root.
const IDENTIFIER = /^[A-Za-z_][\w$]*$/;

/** The path of `key` inside the value at `parent` (`$` for the root). */
export function pathChild(parent: string, key: string | number): string {
  const atRoot = parent === ROOT_PATH;
  if (typeof key === "number") return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return atRoot ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}
