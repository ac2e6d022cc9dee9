// web-tree-sitter (VS Code's own build, @vscode/tree-sitter-wasm) with the Python, TypeScript, TSX and
// JavaScript grammars: a real parser that needs no native build and runs in the extension host and the
// standalone debug adapter alike. The runtime is started once and each grammar loaded once, on first use.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Language, Parser, type Tree } from "@vscode/tree-sitter-wasm";

/** The grammars the node finder reads. */
export type Grammar = "python" | "typescript" | "tsx" | "javascript";

/** The folder holding tree-sitter.wasm and the grammars: dist/wasm beside the bundle, or the package under vitest. */
function wasmFolder(): string {
  const candidates = [path.join(__dirname, "wasm")];
  try {
    candidates.push(path.dirname(require.resolve("@vscode/tree-sitter-wasm")));
  } catch {
    // Bundled: the package is not there, dist/wasm is.
  }
  const found = candidates.find((dir) => existsSync(path.join(dir, "tree-sitter.wasm")));
  if (!found) throw new Error(`tree-sitter.wasm not found in ${candidates.join(" or ")}`);
  return found;
}

let runtime: Promise<string> | undefined;
const languages = new Map<Grammar, Promise<Language>>();

function start(): Promise<string> {
  runtime ??= (async () => {
    const dir = wasmFolder();
    await Parser.init({ locateFile: (file: string) => path.join(dir, file) });
    return dir;
  })();
  return runtime;
}

function language(grammar: Grammar): Promise<Language> {
  let loaded = languages.get(grammar);
  if (!loaded) {
    loaded = start().then((dir) => Language.load(readFileSync(path.join(dir, `tree-sitter-${grammar}.wasm`))));
    languages.set(grammar, loaded);
  }
  return loaded;
}

/** The grammar of a source file by its extension; undefined for a file the finder does not read. */
export function grammarOf(file: string): Grammar | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".py") return "python";
  if (ext === ".ts" || ext === ".mts" || ext === ".cts") return "typescript";
  if (ext === ".tsx") return "tsx";
  if (ext === ".js" || ext === ".mjs" || ext === ".cjs" || ext === ".jsx") return "javascript";
  return undefined;
}

/** Parses `text` with `grammar`; the caller deletes the tree when done with its nodes (wasm memory). */
export async function parse(text: string, grammar: Grammar): Promise<Tree> {
  const lang = await language(grammar);
  const parser = new Parser();
  try {
    parser.setLanguage(lang);
    const tree = parser.parse(text);
    if (!tree) throw new Error(`tree-sitter could not parse (${grammar})`);
    return tree;
  } finally {
    parser.delete();
  }
}
