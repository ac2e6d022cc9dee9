// The source files one graph's code spans: each read and parsed once, every file read remembered (the
// map re-reads when one of them is saved), every tree freed when the map is built.
import type { Tree } from "@vscode/tree-sitter-wasm";
import { grammarOf, parse } from "./parsers";
import { pythonSyntax } from "./pythonSyntax";
import type { Binding, Module } from "./syntax";
import { tsSyntax } from "./tsSyntax";

/** Reads a file's text, or undefined when it does not exist. */
export type ReadText = (file: string) => Promise<string | undefined>;

export class Program {
  readonly files = new Set<string>();
  private readonly modules = new Map<string, Promise<Module | undefined>>();
  private readonly trees: Tree[] = [];

  /** `roots`: the folders absolute imports resolve under (langgraph.json's dependencies and its folder). */
  constructor(
    private readonly read: ReadText,
    readonly roots: readonly string[],
  ) {}

  /** The parsed file, or undefined when it does not exist or is no Python/TS/JS file. */
  module(file: string): Promise<Module | undefined> {
    let loaded = this.modules.get(file);
    if (!loaded) {
      loaded = this.load(file);
      this.modules.set(file, loaded);
    }
    return loaded;
  }

  private async load(file: string): Promise<Module | undefined> {
    const grammar = grammarOf(file);
    if (!grammar) return undefined;
    const text = await this.read(file);
    if (text === undefined) return undefined;
    this.files.add(file);
    const tree = await parse(text, grammar);
    this.trees.push(tree);
    return { file, root: tree.rootNode, syntax: grammar === "python" ? pythonSyntax : tsSyntax };
  }

  /** The first of `files` that exists. */
  async first(files: readonly string[]): Promise<Module | undefined> {
    for (const file of files) {
      const m = await this.module(file);
      if (m) return m;
    }
    return undefined;
  }

  /** The module an import names (Python: `.nodes`, `pkg.nodes`; TS: `./nodes.js`). */
  importedModule(spec: string, from: Module): Promise<Module | undefined> {
    return this.first(from.syntax.moduleFiles(spec, from, this.roots));
  }

  /**
   * What an import binding stands for: the exported binding in the module it names, or for
   * `from pkg import mod` / `import * as ns` the module itself. Follows re-exports a few levels.
   */
  async follow(binding: Binding, depth = 0): Promise<Binding | Module | undefined> {
    if (binding.kind !== "import" || depth > 8) return binding;
    const target = await this.importedModule(binding.from, binding.module);
    if (binding.name === undefined) return target;
    const inner = target && target.syntax.exported(binding.name, target);
    if (inner) return this.follow(inner, depth + 1);
    // Python: `from pkg import nodes` where nodes is a submodule.
    if (binding.module.syntax.language === "python") return this.importedModule(`${binding.from}.${binding.name}`.replace(/^(\.+)\./, "$1"), binding.module);
    return undefined;
  }

  /** Frees the syntax trees (their nodes must not be used after). */
  dispose(): void {
    for (const tree of this.trees.splice(0)) tree.delete();
  }
}
