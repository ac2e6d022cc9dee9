// Registering and running the extension's commands, and publishing its context keys, by the names
// of contributions.ts.
import * as vscode from "vscode";
import type { RunStatus } from "../engine/model";
import { RUN_ACTIONS } from "../shared/protocol";
import { allows } from "../shared/runActions";
import { Commands, ContextKeys, type CommandName } from "./contributions";

/** Registers a command by name (the id comes from the table). */
export function registerCommand(name: CommandName, callback: (...args: never[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(Commands[name], callback);
}

/** Runs a command by name. */
export function executeCommand(name: CommandName, ...args: unknown[]): Thenable<unknown> {
  return vscode.commands.executeCommand(Commands[name], ...args);
}

/** Publishes the thread's status as context keys (what the view title and palette offer). */
export async function setRunContext(status: RunStatus): Promise<void> {
  await vscode.commands.executeCommand("setContext", ContextKeys.runStatus, status);
  await Promise.all(RUN_ACTIONS.map((action) => vscode.commands.executeCommand("setContext", ContextKeys.can(action), allows(status, action))));
}
