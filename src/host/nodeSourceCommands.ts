// Go to source (a node of the graph view, of the palette's pick, or the writer of a checkpoint) and
// "Run to here" (CodeLens): the editor side of the node source maps that NodeSourceIndex owns.
import * as path from "node:path";
import * as vscode from "vscode";
import type { ThreadDriver } from "../engine/driver/threadDriver";
import { isSubgraphNode } from "../engine/driver/breaks";
import type { NodeLookup, SourceSpan } from "../engine/source/nodeSources";
import { nodeName } from "../shared/names";
import { allows } from "../shared/runActions";
import type { BreakpointStore } from "./breakpoints";
import type { NodeSourceIndex } from "./nodeSourceIndex";

/** Opens a span's file with its first line selected (from its column to the line's end). */
export async function openSpan(span: SourceSpan): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(span.file));
  const line = Math.min(span.line - 1, doc.lineCount - 1);
  const text = doc.lineAt(line);
  const start = new vscode.Position(line, Math.max(text.firstNonWhitespaceCharacterIndex, (span.column ?? 1) - 1));
  // The cursor at the start (the status bar reads the line), the rest of the line selected.
  const selection = new vscode.Selection(text.range.end, start);
  const editor = await vscode.window.showTextDocument(doc, { preview: true });
  editor.selection = selection;
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

/** Where a node is written, or why it cannot be told. */
export async function nodeSource(index: NodeSourceIndex, assistantId: string, node: string): Promise<NodeLookup> {
  if (node === "__start__" || node === "__end__" || node.endsWith(":__start__") || node.endsWith(":__end__")) return { node, missing: `${nodeName(node)} is where the graph ${node.endsWith("__start__") ? "starts" : "ends"}: no code of its own.` };
  const result = await index.mapFor(assistantId);
  if (!result.map) return { node, missing: result.reason };
  return result.map.sourceOf(node) ?? { node, missing: `"${node}" is not a node of the graph "${result.map.graphId}".` };
}

/** Opens a node's function (or, without one, where it is added); says why when it cannot be found. */
export async function goToNodeSource(index: NodeSourceIndex, assistantId: string, node: string): Promise<void> {
  const lookup = await nodeSource(index, assistantId, node);
  const span = lookup.source?.definition ?? lookup.source?.added;
  if (!span) {
    void vscode.window.showInformationMessage(`LangGraph: no source for "${nodeName(node)}". ${lookup.missing ?? ""}`.trim());
    return;
  }
  await openSpan(span);
}

/** The palette's Go to node source: a pick of the shown graph's nodes (or a checkpoint's writers) with where each is written. */
export async function pickNodeSource(index: NodeSourceIndex, assistantId: string, nodes: readonly string[], title: string): Promise<void> {
  const real = nodes.filter((n) => n !== "__start__" && n !== "__end__");
  if (real.length === 1) return goToNodeSource(index, assistantId, real[0]!);
  if (real.length === 0) throw new Error("No node to go to.");
  const lookups = await Promise.all(real.map((n) => nodeSource(index, assistantId, n)));
  const items = lookups.map((l) => {
    const span = l.source?.definition ?? l.source?.added;
    return { label: nodeName(l.node), node: l.node, description: span ? `${path.basename(span.file)}:${span.line}` : "not found", detail: l.missing };
  });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: "Open the code of a node", matchOnDescription: true });
  if (picked) await goToNodeSource(index, assistantId, picked.node);
}

/** Whether "Run to here" can go on to a node now: the thread is paused (a debug session's or the driver's) on its assistant, not already before that node. */
export function canRunTo(driver: ThreadDriver, assistantId: string, node: string): boolean {
  const target = driver.target;
  if (isSubgraphNode(node) || target?.assistantId !== assistantId || !allows(driver.status, "continue")) return false;
  const outcome = target.outcome;
  return !(outcome?.status === "paused" && outcome.when === "before" && outcome.nodes.includes(node));
}

/** A one-shot breakpoint's node and the assistant whose run it stops. */
interface OneShot {
  assistantId: string;
  node: string;
}

const ONE_SHOTS_KEY = "langgraphDebugger.runToHerePending";

/**
 * One-shot function breakpoints of "Run to here" in debug sessions. Each is removed at its session's next
 * stop (whichever node it is before), when the session ends, when the continue fails, and when the extension
 * stops; one left over by a window closed meanwhile is removed at the next activation. The Breakpoints
 * view and the graph view show it meanwhile (BreakpointSync mirrors it into the shown assistant's store).
 */
export class OneShotBreakpoints implements vscode.Disposable {
  private readonly pending = new Map<string, { breakpoint: vscode.FunctionBreakpoint; shot: OneShot }[]>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly memento: vscode.Memento,
    private readonly breakpoints: BreakpointStore,
    private readonly driver: ThreadDriver,
  ) {
    this.subscriptions = [
      vscode.debug.registerDebugAdapterTrackerFactory("langgraph", {
        createDebugAdapterTracker: (session) => ({
          onDidSendMessage: (message: { type?: string; event?: string }) => {
            if (message.type === "event" && (message.event === "stopped" || message.event === "terminated" || message.event === "exited")) this.release(session.id);
          },
          onExit: () => this.release(session.id),
        }),
      }),
      vscode.debug.onDidTerminateDebugSession((session) => this.release(session.id)),
    ];
    void this.removeLeftovers();
  }

  /** Adds the breakpoint for `session`, to be removed at its next stop or end. */
  add(session: vscode.DebugSession, shot: OneShot): void {
    const breakpoint = new vscode.FunctionBreakpoint(shot.node);
    this.pending.set(session.id, [...(this.pending.get(session.id) ?? []), { breakpoint, shot }]);
    void this.remember();
    vscode.debug.addBreakpoints([breakpoint]);
  }

  /** Removes the session's one-shot breakpoints (nothing when it has none). */
  release(sessionId: string): void {
    const entries = this.pending.get(sessionId);
    if (!entries) return;
    this.pending.delete(sessionId);
    vscode.debug.removeBreakpoints(entries.map((e) => e.breakpoint));
    // BreakpointSync drops the mirrored dot of the shown assistant; another assistant's is dropped here.
    for (const { shot } of entries) if (shot.assistantId !== this.driver.graph?.assistantId) void this.dropFromStore(shot);
    void this.remember();
  }

  private async dropFromStore(shot: OneShot): Promise<void> {
    if (this.breakpoints.has(shot.assistantId, shot.node, "before")) await this.breakpoints.toggle(shot.assistantId, shot.node, "before");
  }

  private remember(): Thenable<void> {
    return this.memento.update(ONE_SHOTS_KEY, [...this.pending.values()].flat().map((e) => e.shot));
  }

  private async removeLeftovers(): Promise<void> {
    const left = this.memento.get<OneShot[]>(ONE_SHOTS_KEY, []);
    if (!left.length) return;
    const names = new Set(left.map((s) => s.node));
    const remove = () => {
      const stale = vscode.debug.breakpoints.filter((b): b is vscode.FunctionBreakpoint => b instanceof vscode.FunctionBreakpoint && names.has(b.functionName));
      if (stale.length) vscode.debug.removeBreakpoints(stale);
      return stale.length > 0;
    };
    // VS Code hands the extension host its breakpoints shortly after activation: until then there may be none to see.
    if (!remove()) {
      const waiting = vscode.debug.onDidChangeBreakpoints(() => remove() && waiting.dispose());
      const timer = setTimeout(() => waiting.dispose(), 10_000);
      this.subscriptions.push(waiting, { dispose: () => clearTimeout(timer) });
    }
    for (const shot of left) await this.dropFromStore(shot);
    await this.memento.update(ONE_SHOTS_KEY, []);
  }

  dispose(): void {
    // Removed now if VS Code still takes it; remembered either way, so the next activation makes sure.
    const left = [...this.pending.values()].flat();
    if (left.length) vscode.debug.removeBreakpoints(left.map((e) => e.breakpoint));
    for (const s of this.subscriptions) s.dispose();
  }
}

/**
 * Run to here: continues until the node with a one-shot breakpoint before it. In a debug session a
 * function breakpoint is added for the stop and removed at the next one; otherwise the driver
 * continues with the node added to the breakpoints of that one run.
 */
export async function runToNode(driver: ThreadDriver, breakpoints: BreakpointStore, oneShots: OneShotBreakpoints, assistantId: string, node: string): Promise<void> {
  if (!canRunTo(driver, assistantId, node)) throw new Error(`Run to "${node}": the thread is not paused on this graph.`);
  const session = vscode.debug.activeDebugSession;
  if (session?.type === "langgraph") {
    const already = vscode.debug.breakpoints.some((b) => b instanceof vscode.FunctionBreakpoint && b.enabled && b.functionName === node);
    if (!already) oneShots.add(session, { assistantId, node });
    try {
      await vscode.commands.executeCommand("workbench.action.debug.continue");
    } catch (error) {
      oneShots.release(session.id);
      throw error;
    }
    return;
  }
  const { interruptBefore, interruptAfter } = breakpoints.runFields(assistantId);
  const before = [...new Set([...(Array.isArray(interruptBefore) ? interruptBefore : []), node])];
  await driver.continue({ interruptBefore: before, interruptAfter });
}
