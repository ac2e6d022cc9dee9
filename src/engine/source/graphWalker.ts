// The one algorithm that finds where a graph's nodes are written, over either language's syntax: from the
// variable langgraph.json names to its builder (a chain of calls, a variable added to in its scope or in
// a helper it is passed to, a factory's return), then every add_node/addNode/add_sequence call in it,
// then each node's function (a def, lambda, arrow, import, alias, factory) or compiled subgraph.
import type { Node } from "@vscode/tree-sitter-wasm";
import type { Program } from "./program";
import type { Binding, CallParts, Module } from "./syntax";

/** A place in a source file: absolute path, 1-based inclusive lines. */
export interface SourceSpan {
  file: string;
  line: number;
  endLine: number;
  column?: number;
}

/** Where one node of the server's graph is written. */
export interface NodeSource {
  node: string;
  added?: SourceSpan;
  definition?: SourceSpan;
}

/** What the walk found: nodes by drawn id, and what it could not follow (for "why missing"). */
export interface WalkResult {
  nodes: Map<string, NodeSource>;
  /** Add calls whose node name is computed at run time. */
  unnamed: SourceSpan[];
  /** Subgraph node id → why its inner nodes could not be found. */
  opaque: Map<string, string>;
}

/** The lines of `node` (from `from` when given: a chained call starts at its method name). */
export const spanOf = (module: Module, node: Node, from: Node = node): SourceSpan => ({ file: module.file, line: from.startPosition.row + 1, endLine: node.endPosition.row + 1, column: from.startPosition.column + 1 });

/** Where a node expression leads: its function, and for a compiled graph the builder to walk. */
interface Action {
  definition?: { module: Module; node: Node };
  subgraph?: { module: Module; node: Node };
}

interface AddSite {
  module: Module;
  call: CallParts;
  node: Node;
}

const MAX_DEPTH = 12;
const key = (m: Module, n: Node) => `${m.file}:${n.startIndex}-${n.endIndex}`;

export class GraphWalker {
  readonly result: WalkResult = { nodes: new Map(), unnamed: [], opaque: new Map() };
  private readonly seen = new Set<string>();

  constructor(private readonly program: Program) {}

  /** Walks the graph a builder/compiled-graph expression makes, naming its nodes `prefix` + name. */
  async walk(module: Module, expr: Node, prefix = "", depth = 0): Promise<number> {
    const adds: AddSite[] = [];
    await this.builderAdds(module, expr, adds, depth);
    for (const add of adds) await this.addNodes(add, prefix, depth);
    return adds.length;
  }

  /** The functional API: an entrypoint node named after it, and the tasks its code declares. */
  async functional(binding: Binding): Promise<boolean> {
    const entry = binding.module.syntax.entrypoint(binding);
    if (!entry) return false;
    const module = binding.module;
    const fn = entry.fn && (await this.action(module, entry.fn, 0)).definition;
    this.set(entry.name, { node: entry.name, added: spanOf(module, entry.added), definition: fn && spanOf(fn.module, fn.node) });
    const modules = new Set<Module>([module]);
    for (const imported of module.root.descendantsOfType(["import_from_statement", "import_statement"])) {
      const spec = imported?.childForFieldName(module.syntax.language === "python" ? "module_name" : "source");
      const text = spec && (module.syntax.string(spec) ?? spec.text);
      const m = text ? await this.program.importedModule(text, module) : undefined;
      if (m) modules.add(m);
    }
    for (const m of modules) for (const task of m.syntax.tasks(m)) {
      const def = task.fn && (await this.action(m, task.fn, 0)).definition;
      if (!this.result.nodes.has(task.name)) this.set(task.name, { node: task.name, added: spanOf(m, task.added), definition: def && spanOf(def.module, def.node) });
    }
    return true;
  }

  private set(id: string, source: NodeSource): void {
    if (!this.result.nodes.has(id)) this.result.nodes.set(id, source);
  }

  private async builderAdds(module: Module, expr: Node, out: AddSite[], depth: number): Promise<void> {
    if (depth > MAX_DEPTH) return;
    const { syntax } = module;
    const e = syntax.strip(expr);
    const c = syntax.call(e);
    if (c?.object && c.method) {
      // The receiver first: adds in the order they are written.
      await this.builderAdds(module, c.object, out, depth + 1);
      if (c.method === syntax.methods.add || c.method === syntax.methods.sequence) this.push(out, { module, call: c, node: e });
      return;
    }
    const name = syntax.identifier(e) ?? (c && !c.object ? syntax.identifier(c.callee) : undefined);
    const member = name ? undefined : c && !c.object ? syntax.member(c.callee) : syntax.member(e);
    let binding: Binding | Module | undefined;
    if (name) binding = syntax.bindingAt(name, e, module);
    else if (member) {
      const objName = syntax.identifier(member.object);
      const obj = objName ? await this.follow(syntax.bindingAt(objName, e, module)) : undefined;
      if (obj && "root" in obj) binding = obj.syntax.exported(member.property, obj);
    }
    // A builder made in another file and imported here is added to here too.
    if (name && binding && !("root" in binding) && binding.kind === "import" && !c) await this.uses(module, name, module.root, out, depth + 1);
    binding = await this.follow(binding);
    if (!binding || "root" in binding) return;
    if (binding.kind === "function" && (c || syntax.identifier(e))) {
      // A factory (`build_graph()`, or the graph variable being a function of config): what it returns.
      if (!this.once(`ret:${key(binding.module, binding.node)}`)) return;
      for (const ret of binding.module.syntax.returns(binding.node)) await this.builderAdds(binding.module, ret, out, depth + 1);
    } else if (binding.kind === "value" && !c) {
      if (!this.once(`var:${key(binding.module, binding.statement)}`)) return;
      await this.builderAdds(binding.module, binding.value, out, depth + 1);
      const varName = name ?? member?.property;
      if (varName) await this.uses(binding.module, varName, binding.module.syntax.scopeOf(binding.statement), out, depth + 1);
    }
  }

  /** Adds made on variable `name` in `scope`: `name.add_node(…)` chains, and helpers `name` is passed to. */
  private async uses(module: Module, name: string, scope: Node, out: AddSite[], depth: number): Promise<void> {
    if (depth > MAX_DEPTH || !this.once(`uses:${name}:${key(module, scope)}`)) return;
    const { syntax } = module;
    const calls = scope.descendantsOfType(syntax.language === "python" ? ["call"] : ["call_expression"]);
    for (const node of calls) {
      if (!node) continue;
      const c = syntax.call(node);
      if (!c) continue;
      if (c.object && c.method && (c.method === syntax.methods.add || c.method === syntax.methods.sequence)) {
        if (syntax.identifier(chainRoot(module, c.object)) === name) this.push(out, { module, call: c, node });
        continue;
      }
      const index = c.args.findIndex((a) => syntax.identifier(a.value) === name);
      const calleeName = syntax.identifier(c.callee);
      if (index < 0 || !calleeName) continue;
      const helper = await this.follow(syntax.bindingAt(calleeName, node, module));
      if (!helper || "root" in helper || helper.kind !== "function") continue;
      const keyword = c.args[index]!.keyword;
      const params = helper.module.syntax.params(helper.node);
      const param = keyword ?? params.filter((p) => p !== "self")[c.args.slice(0, index).filter((a) => !a.keyword).length];
      if (param) await this.uses(helper.module, param, helper.node, out, depth + 1);
    }
  }

  private async addNodes(add: AddSite, prefix: string, depth: number): Promise<void> {
    const { module, call } = add;
    const { syntax } = module;
    const items: { name?: string; action?: Node; site: Node; from?: Node }[] = [];
    const first = call.args.find((a) => !a.keyword)?.value;
    const list = first && (syntax.entries(first) ?? syntax.list(first));
    if (call.method === syntax.methods.sequence || (list && !syntax.string(first))) {
      for (const item of list ?? []) {
        if ("key" in item) items.push({ name: item.key, action: item.value, site: item.node });
        else {
          const pair = syntax.pair(item);
          items.push(pair ? { name: pair.key, action: pair.value, site: item } : { action: item, site: item });
        }
      }
    } else {
      const positional = call.args.filter((a) => !a.keyword).map((a) => a.value);
      const nodeArg = call.args.find((a) => a.keyword === "node")?.value ?? positional[0];
      const actionArg = call.args.find((a) => a.keyword === "action")?.value;
      const name = nodeArg && syntax.string(nodeArg);
      if (name !== undefined) items.push({ name, action: actionArg ?? (nodeArg === positional[0] ? positional[1] : positional[0]), site: add.node, from: call.methodNode });
      else if (nodeArg) items.push({ action: nodeArg, site: add.node, from: call.methodNode });
    }
    for (const item of items) {
      const name = item.name ?? (syntax.infersNames && item.action ? await this.inferName(module, item.action, depth) : undefined);
      if (name === undefined) {
        this.result.unnamed.push(spanOf(module, item.site, item.from));
        continue;
      }
      const id = prefix + name;
      const action = item.action ? await this.action(module, item.action, depth) : {};
      const def = action.definition;
      this.set(id, { node: id, added: spanOf(module, item.site, item.from), definition: def && spanOf(def.module, def.node) });
      if (action.subgraph) {
        const found = await this.walk(action.subgraph.module, action.subgraph.node, `${id}:`, depth + 1);
        if (!found) this.result.opaque.set(id, "its builder has no add_node calls the finder could read");
      }
    }
  }

  /** Python's name for `add_node(fn)`: the function's own name (through aliases), a compiled graph's or a runnable's. */
  private async inferName(module: Module, expr: Node, depth: number): Promise<string | undefined> {
    const { syntax } = module;
    const e = syntax.strip(expr);
    const c = syntax.call(e);
    if (c) {
      if (c.method === syntax.methods.compile) return syntax.compiledName?.(c);
      return syntax.runnableName?.(c);
    }
    const name = syntax.identifier(e);
    const b = name ? await this.follow(syntax.bindingAt(name, e, module)) : undefined;
    if (!b || "root" in b || depth > MAX_DEPTH) return undefined;
    if (b.kind === "function") return b.module.syntax.functionName(b.node);
    if (b.kind === "value") return this.inferName(b.module, b.value, depth + 1);
    return undefined;
  }

  /** Where a node's expression leads: a function (def, lambda, arrow, through names and imports) or a compiled subgraph. */
  private async action(module: Module, expr: Node, depth: number): Promise<Action> {
    if (depth > MAX_DEPTH) return {};
    const { syntax } = module;
    const e = syntax.strip(expr);
    if (syntax.isFunction(e)) return { definition: { module, node: e } };
    const c = syntax.call(e);
    // A subgraph compiled in place: its builder chain is its definition (through a variable, the variable's statement, below).
    if (c?.method === syntax.methods.compile && c.object) return { definition: { module, node: e }, subgraph: { module, node: e } };
    let binding: Binding | Module | undefined;
    const name = syntax.identifier(c ? c.callee : e);
    const member = !name ? syntax.member(c ? c.callee : e) : undefined;
    if (name) binding = syntax.bindingAt(name, e, module);
    else if (member) {
      const objName = syntax.identifier(member.object);
      const obj = objName ? await this.follow(syntax.bindingAt(objName, e, module)) : undefined;
      if (obj && "root" in obj) binding = obj.syntax.exported(member.property, obj);
    }
    binding = await this.follow(binding);
    if (!binding || "root" in binding) return {};
    if (c) {
      // A factory call (`branch("left")`): the function it returns, or the factory itself.
      if (binding.kind !== "function") return {};
      // A class whose instance is the node: its code is the class.
      if (!binding.module.syntax.isFunction(binding.node)) return { definition: { module: binding.module, node: binding.node } };
      for (const ret of binding.module.syntax.returns(binding.node)) {
        const inner = await this.action(binding.module, ret, depth + 1);
        if (inner.definition || inner.subgraph) return inner;
      }
      return { definition: { module: binding.module, node: binding.node } };
    }
    if (binding.kind === "function") return { definition: { module: binding.module, node: binding.node } };
    if (binding.kind === "value") {
      const inner = await this.action(binding.module, binding.value, depth + 1);
      if (inner.subgraph) return { subgraph: inner.subgraph, definition: { module: binding.module, node: binding.statement } };
      return inner;
    }
    return {};
  }

  private follow(binding: Binding | Module | undefined): Promise<Binding | Module | undefined> {
    return binding && !("root" in binding) ? this.program.follow(binding) : Promise.resolve(binding);
  }

  private push(out: AddSite[], add: AddSite): void {
    if (this.once(`add:${key(add.module, add.node)}`)) out.push(add);
  }

  private once(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    return true;
  }
}

/** `b` of `b.add_node(…).add_edge(…)`. */
function chainRoot(module: Module, expr: Node): Node {
  let e = module.syntax.strip(expr);
  for (let c = module.syntax.call(e); c?.object; c = module.syntax.call(e)) e = module.syntax.strip(c.object);
  return e;
}
