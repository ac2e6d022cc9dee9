// The node finder's view of Python (tree-sitter-python): builder calls, `def`s and lambdas, scopes,
// `import`/`from … import`, `@entrypoint`/`@task`.
import path from "node:path";
import type { Node } from "@vscode/tree-sitter-wasm";
import type { Binding, CallParts, Entry, FunctionalNode, Module, Syntax } from "./syntax";

const named = (node: Node): Node[] => node.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment");
const FUNCTIONS = new Set(["function_definition", "lambda"]);
const COMPOUND = new Set(["if_statement", "elif_clause", "else_clause", "for_statement", "while_statement", "try_statement", "except_clause", "finally_clause", "with_statement", "match_statement", "case_clause", "block"]);

function identifier(node: Node): string | undefined {
  return node.type === "identifier" ? node.text : undefined;
}

function strip(node: Node): Node {
  let n = node;
  while ((n.type === "parenthesized_expression" || n.type === "await") && n.namedChildCount > 0) {
    const inner = named(n)[0];
    if (!inner) break;
    n = inner;
  }
  return n;
}

function call(node: Node): CallParts | undefined {
  const n = strip(node);
  if (n.type !== "call") return undefined;
  const callee = n.childForFieldName("function");
  const argList = n.childForFieldName("arguments");
  if (!callee) return undefined;
  const args: CallParts["args"] = [];
  for (const arg of argList?.type === "argument_list" ? named(argList) : []) {
    if (arg.type === "keyword_argument") {
      const name = arg.childForFieldName("name");
      const value = arg.childForFieldName("value");
      if (name && value) args.push({ keyword: name.text, value });
    } else if (arg.type !== "list_splat" && arg.type !== "dictionary_splat") args.push({ value: arg });
  }
  const m = member(callee);
  return m ? { callee, object: m.object, method: m.property, methodNode: m.propertyNode, args } : { callee, args };
}

function member(node: Node): { object: Node; property: string; propertyNode: Node } | undefined {
  if (node.type !== "attribute") return undefined;
  const object = node.childForFieldName("object");
  const attr = node.childForFieldName("attribute");
  return object && attr ? { object, property: attr.text, propertyNode: attr } : undefined;
}

function string(node: Node): string | undefined {
  const n = strip(node);
  if (n.type !== "string") return undefined;
  if (n.namedChildren.some((c) => c?.type === "interpolation")) return undefined;
  return named(n).filter((c) => c.type === "string_content" || c.type === "escape_sequence").map((c) => c.text).join("");
}

function list(node: Node): Node[] | undefined {
  const n = strip(node);
  return n.type === "list" || n.type === "tuple" ? named(n) : undefined;
}

function pair(node: Node): Entry | undefined {
  const items = list(node);
  const key = items?.[0] && string(items[0]);
  return items && items.length >= 2 && key !== undefined ? { key, value: items[1]!, node } : undefined;
}

function params(fn: Node): string[] {
  const list = fn.childForFieldName("parameters");
  return (list ? named(list) : []).map((p) => (p.type === "identifier" ? p.text : (p.childForFieldName("name")?.text ?? named(p).find((c) => c.type === "identifier")?.text ?? "")));
}

function scopeOf(node: Node): Node {
  for (let n = node.parent; n; n = n.parent) if (FUNCTIONS.has(n.type) || n.type === "module") return n;
  return node;
}

/** Statements of a block, with those of nested if/for/try/with blocks (not of nested functions). */
function* statements(block: Node): Generator<Node> {
  for (const s of named(block)) {
    if (COMPOUND.has(s.type)) yield* statements(s);
    else yield s;
  }
}

/** The binding `statement` makes for `name`, if it makes one. */
function bindingIn(statement: Node, name: string, module: Module): Binding | undefined {
  const s = statement.type === "decorated_definition" ? statement.childForFieldName("definition") : statement;
  if (!s) return undefined;
  if ((s.type === "function_definition" || s.type === "class_definition") && s.childForFieldName("name")?.text === name) return { kind: "function", node: s, module };
  if (s.type === "expression_statement") {
    const assign = named(s)[0];
    if (assign?.type === "assignment" && assign.childForFieldName("left")?.text === name) {
      const value = assign.childForFieldName("right");
      if (value) return { kind: "value", value, statement: s, module };
    }
  }
  if (s.type === "import_from_statement") {
    const from = s.childForFieldName("module_name")?.text;
    if (!from) return undefined;
    for (const item of s.childrenForFieldName("name")) {
      if (!item) continue;
      const imported = item.type === "aliased_import" ? item.childForFieldName("name")?.text : item.text;
      const local = item.type === "aliased_import" ? item.childForFieldName("alias")?.text : item.text;
      if (local === name && imported) return { kind: "import", from, name: imported, module };
    }
  }
  if (s.type === "import_statement") {
    for (const item of s.childrenForFieldName("name")) {
      if (!item) continue;
      if (item.type === "aliased_import" && item.childForFieldName("alias")?.text === name) return { kind: "import", from: item.childForFieldName("name")?.text ?? "", module };
      if (item.type === "dotted_name" && item.text.split(".")[0] === name) return { kind: "import", from: name, module };
    }
  }
  return undefined;
}

function search(scope: Node, name: string, module: Module, before?: number): Binding | undefined {
  const body = scope.type === "module" ? scope : scope.childForFieldName("body");
  if (!body) return undefined;
  let found: Binding | undefined;
  let earliest: Binding | undefined;
  // `from .nodes import *` may bind any name: only when nothing else in the scope does.
  let star: Binding | undefined;
  for (const s of statements(body)) {
    if (s.type === "import_from_statement" && named(s).some((c) => c.type === "wildcard_import")) {
      const from = s.childForFieldName("module_name")?.text;
      if (from) star ??= { kind: "import", from, name, module };
      continue;
    }
    const b = bindingIn(s, name, module);
    if (!b) continue;
    earliest ??= b;
    if (before === undefined || s.startIndex < before) found = b;
  }
  return found ?? earliest ?? star;
}

function bindingAt(name: string, at: Node, module: Module): Binding | undefined {
  for (let scope: Node | null = at.type === "module" ? at : scopeOf(at); scope; scope = scope.type === "module" ? null : scopeOf(scope)) {
    if (scope.type === "function_definition" || scope.type === "lambda") {
      const index = params(scope).indexOf(name);
      if (index >= 0) return { kind: "param", fn: scope, index, module };
      if (scope.type === "lambda") continue;
    }
    const b = search(scope, name, module, at.startIndex);
    if (b) return b;
  }
  return undefined;
}

/** `.nodes` from /a/pkg/graph.py → /a/pkg/nodes; `pkg.nodes` under each root. */
function moduleFiles(spec: string, module: Module, roots: readonly string[]): string[] {
  const dots = /^\.*/.exec(spec)![0].length;
  const parts = spec.slice(dots).split(".").filter(Boolean);
  const bases: string[] = [];
  if (dots > 0) {
    let dir = path.dirname(module.file);
    for (let i = 1; i < dots; i++) dir = path.dirname(dir);
    bases.push(dir);
  } else {
    for (const root of roots) bases.push(root, path.join(root, "src"));
    bases.push(path.dirname(module.file));
  }
  const files: string[] = [];
  for (const base of bases) {
    const at = path.join(base, ...parts);
    if (parts.length) files.push(`${at}.py`);
    files.push(path.join(at, "__init__.py"));
  }
  return [...new Set(files)];
}

function decoratorNamed(fn: Node, names: string[]): { decorator: Node; call?: CallParts } | undefined {
  const decorated = fn.parent?.type === "decorated_definition" ? fn.parent : undefined;
  for (const d of decorated ? named(decorated).filter((c) => c.type === "decorator") : []) {
    const expr = named(d)[0];
    if (!expr) continue;
    const c = call(expr);
    const target = c ? c.callee : expr;
    const last = target.type === "attribute" ? member(target)?.property : identifier(target);
    if (last && names.includes(last)) return { decorator: d, call: c };
  }
  return undefined;
}

function functional(fn: Node, kind: "entrypoint" | "task"): FunctionalNode | undefined {
  const found = decoratorNamed(fn, [kind]);
  if (!found) return undefined;
  const nameArg = found.call?.args.find((a) => a.keyword === "name");
  const name = (nameArg && string(nameArg.value)) ?? fn.childForFieldName("name")?.text;
  return name ? { name, added: found.decorator, fn } : undefined;
}

export const pythonSyntax: Syntax = {
  language: "python",
  methods: { add: "add_node", sequence: "add_sequence", compile: "compile" },
  infersNames: true,
  strip,
  call,
  member,
  identifier: (node) => identifier(strip(node)),
  string,
  list,
  entries: () => undefined,
  pair,
  isFunction: (node) => FUNCTIONS.has(strip(node).type),
  functionName: (fn) => (fn.type === "function_definition" || fn.type === "class_definition" ? fn.childForFieldName("name")?.text : undefined),
  returns(fn) {
    if (fn.type === "lambda") return [fn.childForFieldName("body")].filter((n): n is Node => n !== null);
    const body = fn.childForFieldName("body");
    return (body?.descendantsOfType("return_statement") ?? []).filter((r): r is Node => r !== null && scopeOf(r).equals(fn)).map((r) => named(r)[0]).filter((n): n is Node => n !== undefined);
  },
  scopeOf,
  params,
  bindingAt,
  exported: (name, module) => search(module.root, name, module),
  moduleFiles,
  entrypoint: (binding) => (binding.kind === "function" ? functional(binding.node, "entrypoint") : undefined),
  tasks: (module) =>
    module.root
      .descendantsOfType("function_definition")
      .filter((n): n is Node => n !== null)
      .map((fn) => functional(fn, "task"))
      .filter((t): t is FunctionalNode => t !== undefined),
  compiledName: (c) => {
    const arg = c.args.find((a) => a.keyword === "name");
    return arg ? string(arg.value) : "LangGraph";
  },
  runnableName: (c) => {
    const arg = c.args.find((a) => a.keyword === "name");
    if (arg) return string(arg.value);
    const callee = identifier(c.callee) ?? member(c.callee)?.property;
    return callee === "ToolNode" ? "tools" : undefined;
  },
};
