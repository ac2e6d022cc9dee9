import * as vscode from "vscode";
import type { Deployment, Refusal } from "./deployment";
import { describeError } from "./errors";
import { Commands } from "./contributions";

/** A row of a tree view that says why nothing is listed, or what to do; clicking runs its command. */
export class NoteItem extends vscode.TreeItem {
  constructor(label: string, detail: string, icon: string, command?: vscode.Command, tooltip = detail) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.description = detail;
    this.tooltip = tooltip;
    this.iconPath = new vscode.ThemeIcon(icon);
    this.command = command;
  }
}

/** What a tree view says while the deployment refuses its requests: no key sent, or the key refused. */
export function refusalLabel(refusal: Refusal): string {
  return refusal.sentKey ? "The deployment refused the API key" : "The deployment asks for an API key";
}

export function refusalTooltip(refusal: Refusal): string {
  return `${refusal.url}: ${refusal.status} ${refusal.message}. Click to set the API key.`;
}

/** The one row of a tree view while the deployment refuses it; a click sets the key. */
export function refusalNote(refusal: Refusal): NoteItem {
  return new NoteItem(refusalLabel(refusal), `${refusal.status} ${refusal.message}`, "key", { command: Commands.setApiKey, title: "Set API key" }, refusalTooltip(refusal));
}

/**
 * A tree view's children, or the one row that says why there are none: the deployment refuses its
 * key (nothing is asked until the key changes), or reading failed (logged, and said in the tree:
 * a rejected getChildren would be a bare error toast on every refresh).
 */
export async function childrenOrNote(
  deployment: Deployment,
  log: vscode.LogOutputChannel,
  /** What failed, e.g. "Cannot read the store". */
  cannot: string,
  item: vscode.TreeItem | undefined,
  read: () => Promise<vscode.TreeItem[]>,
): Promise<vscode.TreeItem[]> {
  const refusal = deployment.refusal;
  if (refusal) return item ? [] : [refusalNote(refusal)];
  try {
    return await read();
  } catch (error) {
    log.warn(`${cannot}: ${describeError(error)}`);
    return [new NoteItem(`${cannot} of ${deployment.url}`, describeError(error), "warning", { command: Commands.showLog, title: "Show log" })];
  }
}
