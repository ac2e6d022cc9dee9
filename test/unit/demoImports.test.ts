// `npm run demo` must start on a fresh clone, before anything is installed: the demo script and
// every module it imports statically (transitively) may import only Node's built-ins and each other.
// Packages are imported only after it has installed them (dynamic `import()`).
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const STATIC_IMPORT = /^\s*import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["']/gm;

/** Every module `file` imports statically, followed through local files; returns the non-local specifiers with who imports them. */
function staticImports(file: string, seen = new Set<string>()): { specifier: string; from: string }[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const found: { specifier: string; from: string }[] = [];
  for (const [, specifier] of readFileSync(file, "utf8").matchAll(STATIC_IMPORT)) {
    if (specifier.startsWith(".")) found.push(...staticImports(path.resolve(path.dirname(file), specifier), seen));
    else found.push({ specifier, from: path.relative(root, file) });
  }
  return found;
}

const isBuiltin = (specifier: string) => specifier.startsWith("node:") || builtinModules.includes(specifier);

describe("npm run demo on a fresh clone", () => {
  it("imports nothing but Node's built-ins before it has installed the dependencies", () => {
    const imports = staticImports(path.join(root, "scripts", "demo.mjs"));
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => !isBuiltin(i.specifier))).toEqual([]);
  });
});
