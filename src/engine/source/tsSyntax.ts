// The node finder's view of TypeScript and JavaScript (tree-sitter-typescript/-tsx/-javascript): builder
// calls, functions and arrows, scopes, `import`/`export`, `entrypoint(…)`/`task(…)`.
import path from "node:path";
import type { Node } from "@vscode/tree-sitter-wasm";
import type { Binding, CallParts, Entry, FunctionalNode, Module, Syntax } from "./syntax";

const named = (node: Node): Node[] => node.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment");
const FUNCTIONS = new Set(["function_declaration", "generator_function_declaration", "function_expression", "function", "arrow_function", "method_definition", "generator_function"]);
const WRAPPERS = new Set(["parenthesized_expression", "await_expression", "as_expression", "satisfies_expression", "non_null_expression", "type_assertion"]);
const BLOCKS = new Set(["statement_block", "if_statement", "else_clause", "try_statement", "catch_clause", "finally_clause", "for_statement", "for_in_statement", "while_statement", "do_statement", "switch_statement", "switch_body", "switch_case", "switch_default", "labeled_statement"]);

function strip(node: Node): Node {
  let n = node;
  while (WRAPPERS.has(n.type)) {
    const inner = named(n).find((c) => !c.type.endsWith("type") && !c.type.startsWith("type_"));
    if (!inner) break;
    n = inner;
  }
  return n;
}

function member(node: Node): { object: Node; property: string; propertyNode: Node } | undefined {
  if (node.type !== "member_expression") return undefined;
  const object = node.childForFieldName("object");
  const property = node.childForFieldName("property");
  return object && property ? { object, property: property.text, propertyNode: property } : undefined;
}

function call(node: Node): CallParts | undefined {
  const n = strip(node);
  if (n.type !== "call_expression" && n.type !== "new_expression") return undefined;
  const callee = n.childForFieldName(n.type === "call_expression" ? "function" : "constructor");
  if (!callee) return undefined;
  const argList = n.childForFieldName("arguments");
  const args = (argList?.type === "arguments" ? named(argList) : []).filter((a) => a.type !== "spread_element").map((value) => ({ value }));
  const m = member(callee);
  return m ? { callee, object: m.object, method: m.property, methodNode: m.propertyNode, args } : { callee, args };
}

function string(node: Node): string | undefined {
  const n = strip(node);
  if (n.type === "string") return n.text.slice(1, -1);
  if (n.type === "template_string" && !n.namedChildren.some((c) => c?.type === "template_substitution")) return n.text.slice(1, -1);
  return undefined;
}

function list(node: Node): Node[] | undefined {
  const n = strip(node);
  return n.type === "array" ? named(n) : undefined;
}

function entries(node: Node): Entry[] | undefined {
  const n = strip(node);
  if (n.type !== "object") return undefined;
  const out: Entry[] = [];
  for (const e of named(n)) {
    if (e.type === "shorthand_property_identifier") out.push({ key: e.text, value: e, node: e });
    else if (e.type === "method_definition") {
      const key = e.childForFieldName("name");
      if (key) out.push({ key: string(key) ?? key.text, value: e, node: e });
    } else if (e.type === "pair") {
      const key = e.childForFieldName("key");
      const value = e.childForFieldName("value");
      const text = key ? (key.type === "property_identifier" ? key.text : string(key)) : undefined;
      if (text !== undefined && text !== null && value) out.push({ key: text, value, node: e });
    }
  }
  return out;
}

function pair(node: Node): Entry | undefined {
  const items = list(node);
  const key = items?.[0] && string(items[0]);
  return items && items.length >= 2 && key !== undefined ? { key, value: items[1]!, node } : undefined;
}

function params(fn: Node): string[] {
  const list = fn.childForFieldName("parameters") ?? fn.childForFieldName("parameter");
  if (!list) return [];
  if (list.type === "identifier") return [list.text];
  return named(list).map((p) => (p.type === "identifier" ? p.text : (p.childForFieldName("pattern")?.text ?? "")));
}

function scopeOf(node: Node): Node {
  for (let n = node.parent; n; n = n.parent) if (FUNCTIONS.has(n.type) || n.type === "program") return n;
  return node;
}

function* statements(block: Node): Generator<Node> {
  for (const s of named(block)) {
    if (BLOCKS.has(s.type)) yield* statements(s);
    else yield s;
  }
}

function importBinding(s: Node, name: string, module: Module): Binding | undefined {
  const from = s.childForFieldName("source");
  const spec = from ? string(from) : undefined;
  const clause = named(s).find((c) => c.type === "import_clause");
  if (spec === undefined || !clause) return undefined;
  for (const part of named(clause)) {
    if (part.type === "identifier" && part.text === name) return { kind: "import", from: spec, name: "default", module };
    if (part.type === "namespace_import" && named(part)[0]?.text === name) return { kind: "import", from: spec, module };
    if (part.type === "named_imports") {
      for (const spec2 of named(part)) {
        const imported = spec2.childForFieldName("name")?.text;
        const local = spec2.childForFieldName("alias")?.text ?? imported;
        if (local === name && imported) return { kind: "import", from: spec, name: imported, module };
      }
    }
  }
  return undefined;
}

/** The binding a declaration statement makes for `name`. */
function bindingIn(statement: Node, name: string, module: Module): Binding | undefined {
  const s = statement.type === "export_statement" ? (statement.childForFieldName("declaration") ?? statement) : statement;
  if ((FUNCTIONS.has(s.type) || s.type === "class_declaration" || s.type === "abstract_class_declaration") && s.childForFieldName("name")?.text === name) return { kind: "function", node: s, module };
  if (s.type === "lexical_declaration" || s.type === "variable_declaration") {
    for (const d of named(s)) {
      if (d.type !== "variable_declarator" || d.childForFieldName("name")?.text !== name) continue;
      const value = d.childForFieldName("value");
      if (value) return { kind: "value", value, statement: statement, module };
    }
  }
  if (s.type === "import_statement") return importBinding(s, name, module);
  return undefined;
}

function search(scope: Node, name: string, module: Module): Binding | undefined {
  const body = scope.type === "program" ? scope : scope.childForFieldName("body");
  if (!body || body.type !== "statement_block" && body.type !== "program" && body.type !== "class_body") return undefined;
  for (const s of statements(body)) {
    const b = bindingIn(s, name, module);
    if (b) return b;
  }
  return undefined;
}

function bindingAt(name: string, at: Node, module: Module): Binding | undefined {
  for (let scope: Node | null = at.type === "program" ? at : scopeOf(at); scope; scope = scope.type === "program" ? null : scopeOf(scope)) {
    if (scope.type !== "program") {
      const index = params(scope).indexOf(name);
      if (index >= 0) return { kind: "param", fn: scope, index, module };
    }
    const b = search(scope, name, module);
    if (b) return b;
  }
  return undefined;
}

function exported(name: string, module: Module): Binding | undefined {
  const starFrom: string[] = [];
  for (const s of named(module.root)) {
    if (s.type !== "export_statement") continue;
    const source = s.childForFieldName("source");
    const from = source ? string(source) : undefined;
    const clause = named(s).find((c) => c.type === "export_clause");
    if (clause) {
      for (const spec of named(clause)) {
        const local = spec.childForFieldName("name")?.text;
        const as = spec.childForFieldName("alias")?.text ?? local;
        if (as !== name || !local) continue;
        return from !== undefined ? { kind: "import", from, name: local, module } : bindingAt(local, module.root, module);
      }
    } else if (from !== undefined) starFrom.push(from);
    const value = s.childForFieldName("value");
    if (name === "default" && value) {
      if (FUNCTIONS.has(value.type) || value.type === "class") return { kind: "function", node: value, module };
      const id = value.type === "identifier" ? bindingAt(value.text, module.root, module) : undefined;
      return id ?? { kind: "value", value, statement: s, module };
    }
    const declared = s.childForFieldName("declaration");
    if (declared && name === "default" && s.text.startsWith("export default") && FUNCTIONS.has(declared.type)) return { kind: "function", node: declared, module };
  }
  const own = search(module.root, name, module);
  if (own) return own;
  // `export * from "./x"`: the name may come from there; graphWalker follows the first that has it.
  return starFrom.length ? { kind: "import", from: starFrom[0]!, name, module } : undefined;
}

function moduleFiles(spec: string, module: Module): string[] {
  if (!spec.startsWith(".")) return [];
  const base = path.resolve(path.dirname(module.file), spec);
  const ext = path.extname(base);
  const stem = base.slice(0, base.length - ext.length);
  const swaps: Record<string, string[]> = { ".js": [".ts", ".tsx"], ".jsx": [".tsx"], ".mjs": [".mts"], ".cjs": [".cts"] };
  const files = ext in swaps ? [...swaps[ext]!.map((e) => stem + e), base] : [".ts", ".tsx", ".mts", ".js", ".mjs", ".jsx"].map((e) => base + e);
  if (!(ext in swaps)) files.push(base, ...["index.ts", "index.tsx", "index.js"].map((f) => path.join(base, f)));
  return files;
}

/** `entrypoint("name", fn)` / `task({ name: "n" }, fn)`. */
function functionalCall(node: Node, kind: "entrypoint" | "task"): FunctionalNode | undefined {
  const c = call(node);
  const callee = c && (c.method ?? (c.callee.type === "identifier" ? c.callee.text : undefined));
  if (!c || callee !== kind || c.args.length < 2) return undefined;
  const first = c.args[0]!.value;
  const name = string(first) ?? entries(first)?.find((e) => e.key === "name")?.value;
  const text = typeof name === "string" ? name : name && string(name);
  return text ? { name: text, added: strip(node), fn: c.args[1]!.value } : undefined;
}

export const tsSyntax: Syntax = {
  language: "typescript",
  methods: { add: "addNode", sequence: "addSequence", compile: "compile" },
  infersNames: false,
  strip,
  call,
  member,
  identifier: (node) => {
    const n = strip(node);
    return n.type === "identifier" || n.type === "shorthand_property_identifier" ? n.text : undefined;
  },
  string,
  list,
  entries,
  pair,
  isFunction: (node) => FUNCTIONS.has(strip(node).type),
  functionName: (fn) => fn.childForFieldName("name")?.text,
  returns(fn) {
    const body = fn.childForFieldName("body");
    if (!body) return [];
    if (body.type !== "statement_block") return [body];
    return body
      .descendantsOfType("return_statement")
      .filter((r): r is Node => r !== null && scopeOf(r).equals(fn))
      .map((r) => named(r)[0])
      .filter((n): n is Node => n !== undefined);
  },
  scopeOf,
  params,
  bindingAt,
  exported,
  moduleFiles: (spec, module) => moduleFiles(spec, module),
  entrypoint: (binding) => (binding.kind === "value" ? functionalCall(binding.value, "entrypoint") : undefined),
  tasks: (module) =>
    module.root
      .descendantsOfType(["call_expression"])
      .filter((n): n is Node => n !== null)
      .map((n) => functionalCall(n, "task"))
      .filter((t): t is FunctionalNode => t !== undefined),
};
