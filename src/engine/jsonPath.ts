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

/** Reads a path back into its keys: `a.b[2]["odd key"]` → ["a", "b", 2, "odd key"]; `$` → []. Throws on anything else. */
export function splitPath(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  const re = /(?:^|\.)([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  let match: RegExpExecArray | null;
  let at = 0;
  if (path === "" || path === "$") return keys;
  const source = path.startsWith("$") ? path.slice(1) : path;
  re.lastIndex = 0;
  while (at < source.length && (match = re.exec(source))) {
    if (match[1] !== undefined) keys.push(match[1]);
    else if (match[2] !== undefined) keys.push(Number(match[2]));
    else keys.push(JSON.parse(match[3]) as string);
    at = re.lastIndex;
  }
  if (at !== source.length) throw new Error(`Cannot read the path ${path}.`);
  return keys;
}
