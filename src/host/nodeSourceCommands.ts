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
import { RUN_TO_REQUEST } from "../debug/runTo";

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

/**
 * Run to here: continues until the node. In a langgraph debug session (the active one, or the parent of
 * an active child session) the session goes on to a one-shot stop of its own (`langgraph/runTo`: no
 * breakpoint to add or clean up); otherwise the driver continues with the node added to the
 * breakpoints of that one run.
 */
export async function runToNode(driver: ThreadDriver, breakpoints: BreakpointStore, assistantId: string, node: string): Promise<void> {
  if (!canRunTo(driver, assistantId, node)) throw new Error(`Run to "${node}": the thread is not paused on this graph.`);
  let session = vscode.debug.activeDebugSession;
  while (session && session.type !== "langgraph") session = session.parentSession;
  if (session) {
    await session.customRequest(RUN_TO_REQUEST, { node });
    return;
  }
  const { interruptBefore, interruptAfter } = breakpoints.runFields(assistantId);
  const before = [...new Set([...(Array.isArray(interruptBefore) ? interruptBefore : []), node])];
  await driver.continue({ interruptBefore: before, interruptAfter });
}
