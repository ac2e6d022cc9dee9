// Which debugger actions a thread's status allows: the one place that says it. The graph view's
// banner, the status bar's quick pick and the context keys behind package.json's `when` clauses
// all read this table. No `vscode` import (the webview bundles it too).
import type { RunStatus } from "../engine/model";
import type { RunAction } from "./protocol";

/** What the user can do now, most useful first; the first is the primary action. */
const ACTIONS_BY_STATUS: Record<RunStatus, readonly RunAction[]> = {
  idle: ["streamRun"],
  running: ["cancel"],
  paused: ["continue", "step", "editState"],
  waiting: ["resume", "editState"],
  failed: ["editState", "streamRun"],
  finished: ["streamRun"],
  cancelled: ["streamRun"],
};

/** The actions a status allows, primary first. */
export function actionsFor(status: RunStatus): readonly RunAction[] {
  return ACTIONS_BY_STATUS[status];
}

/** Whether `action` applies in `status`. */
export function allows(status: RunStatus, action: RunAction): boolean {
  return ACTIONS_BY_STATUS[status].includes(action);
}

/** User-facing label of each action ("Run again" once a run ended). */
export function actionLabel(action: RunAction, status: RunStatus): string {
  switch (action) {
    case "streamRun":
      return status === "idle" ? "Stream run" : "Run again";
    case "continue":
      return "Continue";
    case "step":
      return "Step";
    case "cancel":
      return "Cancel";
    case "resume":
      return "Resume";
    case "editState":
      return "Edit state";
  }
}
