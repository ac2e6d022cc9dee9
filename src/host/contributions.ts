// Every command id and context key the extension contributes, named once (as vscode-js-debug's
// contributionUtils.ts does), so package.json and the code cannot drift: a unit test compares them.
import * as vscode from "vscode";
import type { RunStatus } from "../engine/model";
import type { RunAction } from "../shared/protocol";
import { RUN_ACTIONS } from "../shared/protocol";
import { allows } from "../shared/runActions";

/** Command ids, as in package.json `contributes.commands`. */
export const Commands = {
  streamRun: "langgraphDebugger.streamRun",
  showGraph: "langgraphDebugger.showGraph",
  cancelRun: "langgraphDebugger.cancelRun",
  continue: "langgraphDebugger.continue",
  step: "langgraphDebugger.step",
  toggleBreakpoint: "langgraphDebugger.toggleBreakpoint",
  resume: "langgraphDebugger.resume",
  editState: "langgraphDebugger.editState",
  runFromCheckpoint: "langgraphDebugger.runFromCheckpoint",
  fork: "langgraphDebugger.fork",
  showCheckpoint: "langgraphDebugger.showCheckpoint",
  refreshThreads: "langgraphDebugger.refreshThreads",
  setApiKey: "langgraphDebugger.setApiKey",
  clearApiKey: "langgraphDebugger.clearApiKey",
  switchDeployment: "langgraphDebugger.switchDeployment",
  startLocalServer: "langgraphDebugger.startLocalServer",
  showLog: "langgraphDebugger.showLog",
  statusActions: "langgraphDebugger.statusActions",
} as const;

export type CommandName = keyof typeof Commands;

/** The command behind each action of the view's banner and the status bar. */
export const ACTION_COMMANDS: Record<RunAction, CommandName> = {
  streamRun: "streamRun",
  continue: "continue",
  step: "step",
  cancel: "cancelRun",
  resume: "resume",
  editState: "editState",
};

/** Context keys used in package.json `when` / `enablement` clauses. */
export const ContextKeys = {
  /** `idle`, `running`, or how the last run ended. */
  runStatus: "langgraphDebugger.runStatus",
  /** One key per action, true when the thread's status allows it (from src/shared/runActions.ts). */
  can: (action: RunAction) => `langgraphDebugger.can.${action}`,
} as const;

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
