// CodeLens above each node's function and add site, in the files of the loaded node source maps: the
// node's breakpoints with "Break before" / "Break after" (the same BreakpointStore as the graph view's
// dots) and, while the thread is paused on that graph, "Run to here". A map read from the code alone (no
// deployment answered) keys its breakpoints by the graph's default assistant, the one the server makes
// for the graph, so they hold once the server runs; its first lens says so and offers to start it. While a
// child debugger is attached, the first lens also names the gutter breakpoints inside the node's function
// that it stops on (they are no node breakpoint then).
import * as vscode from "vscode";
import type { ThreadDriver } from "../engine/driver/threadDriver";
import { isSubgraphNode } from "../engine/driver/breaks";
import type { GraphSourceMap } from "../engine/source/nodeSources";
import { childLineOf, DEBUGGER_NAMES, type CodeLanguage } from "../debug/sourceBreakpoints";
import type { AttachedChildren } from "./attachedChildren";
import { nodeName } from "../shared/names";
import type { BreakpointStore } from "./breakpoints";
import { Commands } from "./contributions";
import { canRunTo } from "./nodeSourceCommands";
import type { NodeSourceIndex } from "./nodeSourceIndex";

/** The documents CodeLens is asked for: the languages graphs are written in. */
export const NODE_SOURCE_SELECTOR: vscode.DocumentSelector = ["python", "typescript", "typescriptreact", "javascript", "javascriptreact"].map((language) => ({ language, scheme: "file" }));

export class NodeCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly index: NodeSourceIndex,
    private readonly breakpoints: BreakpointStore,
    private readonly driver: ThreadDriver,
    private readonly children: Pick<AttachedChildren, "languages" | "onDidChange">,
  ) {
    const refresh = () => this.changed.fire();
    this.subscriptions = [
      this.changed,
      children.onDidChange(refresh),
      vscode.debug.onDidChangeBreakpoints(() => this.children.languages().size > 0 && refresh()),
      index.onDidChange(refresh),
      breakpoints.onChange(refresh),
      driver.onEvent((event) => event.type === "target" && refresh()),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const file = document.uri.fsPath;
    const lenses: vscode.CodeLens[] = [];
    for (const { assistantId, map } of this.index.loaded()) {
      if (!map?.files.includes(file)) continue;
      const seen = new Set<string>();
      const childLines = childLinesOf(map, this.children.languages());
      for (const lookup of map.nodes) {
        const { node, source } = lookup;
        if (!source) continue;
        for (const span of [source.definition, source.added]) {
          if (!span || span.file !== file || span.line > document.lineCount) continue;
          const key = `${span.line}:${node}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const others = map.nodes.filter((n) => n.node !== node && [n.source?.definition, n.source?.added].some((s) => s?.file === file && s.line === span.line));
          lenses.push(...this.lensesFor(document.lineAt(span.line - 1).range, assistantId, node, others.length > 0, map.fromCode, childLines.get(node)));
        }
      }
    }
    return lenses;
  }

  private lensesFor(range: vscode.Range, assistantId: string, node: string, shared: boolean, fromCode: boolean, childLines?: string): vscode.CodeLens[] {
    const name = nodeName(node);
    if (isSubgraphNode(node)) {
      return [new vscode.CodeLens(range, { title: `LangGraph node ${name} (inside a subgraph: the server pauses at top-level nodes only)`, command: "" })];
    }
    const before = this.breakpoints.has(assistantId, node, "before");
    const after = this.breakpoints.has(assistantId, node, "after");
    const state = (before && after ? "breaks before and after" : before ? "breaks before" : after ? "breaks after" : "no breakpoint") + (childLines ? ` · ${childLines}` : "");
    const of = shared ? ` ${name}` : "";
    const toggle = (when: "before" | "after", set: boolean) =>
      new vscode.CodeLens(range, {
        title: set ? `Remove break ${when}${of}` : `Break ${when}${of}`,
        tooltip: `${set ? "Remove the" : "Pause the run"} ${when} ${name} (the graph view shows the same breakpoint)`,
        command: Commands.toggleBreakpoint,
        arguments: [node, when, assistantId],
      });
    const icon = before || after ? "$(debug-breakpoint)" : "$(circle-outline)";
    const title = fromCode
      ? new vscode.CodeLens(range, {
          title: `${icon} LangGraph node ${name}: ${state} · server not reached`,
          command: Commands.startLocalServer,
          tooltip: "No LangGraph server answers for this project: its nodes are read from the code. Breakpoints set here hold once the server runs. Click to start langgraph dev.",
        })
      : new vscode.CodeLens(range, { title: `${icon} LangGraph node ${name}: ${state}`, command: Commands.showNodeInGraph, arguments: [node, assistantId], tooltip: "Show this node in the graph view" });
    const lenses = [
      title,
      toggle("before", before),
      toggle("after", after),
    ];
    if (canRunTo(this.driver, assistantId, node)) {
      lenses.push(new vscode.CodeLens(range, { title: `$(debug-continue) Run to ${shared ? name : "here"}`, tooltip: `Continue until the run reaches ${name}`, command: Commands.runToNode, arguments: [node, assistantId] }));
    }
    return lenses;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

/** Per node, the enabled gutter breakpoints inside its function that an attached child debugger stops on: "line 12: the JavaScript debugger stops there". */
function childLinesOf(map: GraphSourceMap, children: ReadonlySet<CodeLanguage>): Map<string, string> {
  const byNode = new Map<string, { lines: number[]; language: CodeLanguage }>();
  if (children.size === 0) return new Map();
  for (const b of vscode.debug.breakpoints) {
    if (!(b instanceof vscode.SourceBreakpoint) || !b.enabled || b.logMessage || b.location.uri.scheme !== "file") continue;
    const line = b.location.range.start.line + 1;
    const child = childLineOf(map, children, b.location.uri.fsPath, line);
    if (!child) continue;
    const entry = byNode.get(child.node) ?? { lines: [], language: child.language };
    entry.lines.push(line);
    byNode.set(child.node, entry);
  }
  return new Map([...byNode].map(([node, { lines, language }]) => [node, `${lines.length > 1 ? "lines" : "line"} ${lines.sort((a, b) => a - b).join(", ")}: ${DEBUGGER_NAMES[language]} stops there`]));
}
