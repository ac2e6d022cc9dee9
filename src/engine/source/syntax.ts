// What the node finder asks of a language: the shapes of calls, strings, lists and functions, and what a
// name means at a place. One adapter per language (pythonSyntax.ts, tsSyntax.ts); graphWalker.ts is the
// one algorithm over both.
import type { Node } from "@vscode/tree-sitter-wasm";

/** One parsed source file. */
export interface Module {
  file: string;
  root: Node;
  syntax: Syntax;
}

/** What a name means at a place: a function or class, an assigned value, an import, or a parameter. */
export type Binding =
  | { kind: "function"; node: Node; module: Module }
  | { kind: "value"; value: Node; statement: Node; module: Module }
  | { kind: "import"; from: string; name?: string; module: Module }
  | { kind: "param"; fn: Node; index: number; module: Module };

/** A call's parts: `object.method(args)` or `callee(args)` (`new` included). */
export interface CallParts {
  callee: Node;
  object?: Node;
  method?: string;
  /** The method's name in the source (`add_node` of `b.add_node(…)`): where a chained call starts for people. */
  methodNode?: Node;
  args: { keyword?: string; value: Node }[];
}

/** A key and value of an object literal (`{a: fa}`), or of a `["a", fa]` / `("a", fa)` pair. */
export interface Entry {
  key: string;
  value: Node;
  node: Node;
}

/** A node the functional API declares: `@entrypoint`/`entrypoint("name", fn)` or `@task`/`task("name", fn)`. */
export interface FunctionalNode {
  name: string;
  added: Node;
  fn?: Node;
}

/** The method names of a builder in one language. */
export interface BuilderMethods {
  add: string;
  sequence: string;
  compile: string;
}

/** One language's view of its syntax trees. */
export interface Syntax {
  readonly language: "python" | "typescript";
  readonly methods: BuilderMethods;
  /** Python names a node after its function (`add_node(fn)`); TypeScript always names it. */
  readonly infersNames: boolean;
  /** The expression inside parentheses, `await`, `as`, `!` and the like. */
  strip(node: Node): Node;
  call(node: Node): CallParts | undefined;
  member(node: Node): { object: Node; property: string; propertyNode: Node } | undefined;
  identifier(node: Node): string | undefined;
  /** A literal string's value (no interpolation), else undefined. */
  string(node: Node): string | undefined;
  /** The elements of a list, tuple or array literal. */
  list(node: Node): Node[] | undefined;
  /** An object literal's entries (TypeScript only). */
  entries(node: Node): Entry[] | undefined;
  /** A `("name", fn)` / `["name", fn]` pair. */
  pair(node: Node): Entry | undefined;
  isFunction(node: Node): boolean;
  functionName(fn: Node): string | undefined;
  /** The expressions a function returns (an arrow's expression body included). */
  returns(fn: Node): Node[];
  /** The enclosing function of a node, or the module's root. */
  scopeOf(node: Node): Node;
  params(fn: Node): string[];
  /** What `name` means at `at`, searching enclosing functions, then the module. */
  bindingAt(name: string, at: Node, module: Module): Binding | undefined;
  /** What a module makes `name` mean for an importer. */
  exported(name: string, module: Module): Binding | undefined;
  /** Files that an import of `spec` from `module` may read, most likely first. */
  moduleFiles(spec: string, module: Module, roots: readonly string[]): string[];
  /** A function that is an entrypoint, or an `entrypoint(…)` call. */
  entrypoint(binding: Binding): FunctionalNode | undefined;
  /** The tasks a module declares. */
  tasks(module: Module): FunctionalNode[];
  /** The name a compiled graph is given (`compile(name=…)`) when a node is named after it. */
  compiledName?(call: CallParts): string | undefined;
  /** The node name a call such as `ToolNode(tools)` gives itself. */
  runnableName?(call: CallParts): string | undefined;
}
