import * as vscode from "vscode";
import { LangGraphHttpError, LangGraphNetworkError } from "../engine/client/httpError";

/** A one-line message for a person: the server's words for HTTP errors, no stack traces. */
export function describeError(error: unknown): string {
  if (error instanceof LangGraphHttpError) return `The server answered ${error.status}: ${error.serverMessage} (${error.method} ${error.path})`;
  if (error instanceof LangGraphNetworkError) {
    const base = error.url.endsWith(error.path) ? error.url.slice(0, error.url.length - error.path.length) : error.url;
    return error.phase === "request"
      ? `Cannot reach the LangGraph deployment at ${base}: ${error.reason} (${error.method} ${error.path})`
      : `The connection to the LangGraph deployment at ${base} broke while reading the response: ${error.reason} (${error.method} ${error.path})`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Runs a command's body and reports a failure as a notification (with a way to fix the setting). */
export async function reportErrors<T>(log: vscode.LogOutputChannel, what: string, body: () => Promise<T>): Promise<T | undefined> {
  try {
    return await body();
  } catch (error) {
    const message = describeError(error);
    log.error(`${what} failed: ${message}`);
    const actions = error instanceof LangGraphNetworkError ? ["Open Settings", "Show Log"] : ["Show Log"];
    void vscode.window.showErrorMessage(`LangGraph: ${what} failed. ${message}`, ...actions).then((choice) => {
      if (choice === "Open Settings") void vscode.commands.executeCommand("workbench.action.openSettings", "langgraphDebugger.deploymentUrl");
      if (choice === "Show Log") log.show(true);
    });
    return undefined;
  }
}
