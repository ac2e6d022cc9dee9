import * as vscode from "vscode";
import { isAccessRefused, LangGraphHttpError, LangGraphNetworkError } from "../engine/client/httpError";
import { Commands } from "./contributions";

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

/** What to say when a deployment refused the credentials (no key, an expired or a wrong one). */
export interface RefusalNotice {
  url: string;
  status: number;
  message: string;
}

/** The one sentence naming the deployment and what it said, e.g. "… refused the request (403 Invalid API key)". */
export function describeRefusal(r: RefusalNotice): string {
  return `The deployment at ${r.url} refused the request (${r.status}${r.message ? ` ${r.message}` : ""}). Set its API key, or an Authorization header in the langgraphDebugger.headers setting.`;
}

let refusalShown = false;

/**
 * Shows the refusal with a "Set API key" action; one notification at a time, however many
 * requests (or commands) were refused meanwhile.
 */
export function showRefusal(log: vscode.LogOutputChannel, notice: RefusalNotice, what?: string): void {
  if (refusalShown) return;
  refusalShown = true;
  const text = `LangGraph: ${what ? `${what} failed. ` : ""}${describeRefusal(notice)}`;
  void vscode.window.showErrorMessage(text, "Set API key", "Show Log").then((choice) => {
    refusalShown = false;
    if (choice === "Set API key") void vscode.commands.executeCommand(Commands.setApiKey);
    if (choice === "Show Log") log.show(true);
  });
}

/** Runs a command's body and reports a failure as a notification (with a way to fix the setting). */
export async function reportErrors<T>(log: vscode.LogOutputChannel, what: string, body: () => Promise<T>): Promise<T | undefined> {
  try {
    return await body();
  } catch (error) {
    const message = describeError(error);
    log.error(`${what} failed: ${message}`);
    if (isAccessRefused(error)) {
      showRefusal(log, { url: error.apiUrl ?? "(unknown)", status: error.status, message: error.serverMessage }, what);
      return undefined;
    }
    const actions = error instanceof LangGraphNetworkError ? ["Open Settings", "Show Log"] : ["Show Log"];
    void vscode.window.showErrorMessage(`LangGraph: ${what} failed. ${message}`, ...actions).then((choice) => {
      if (choice === "Open Settings") void vscode.commands.executeCommand("workbench.action.openSettings", "langgraphDebugger.deploymentUrl");
      if (choice === "Show Log") log.show(true);
    });
    return undefined;
  }
}
