// Which languages have a child debugger (js-debug, debugpy) attached to a LangGraph session's server now:
// set by ServerSessions, read by the breakpoint sync and the CodeLens, which then leave a line inside a
// node's function body to that debugger (see childLineOf).
import * as vscode from "vscode";
import type { CodeLanguage } from "../debug/sourceBreakpoints";

export class AttachedChildren implements vscode.Disposable {
  /** The child's language, by the id of the LangGraph session it is attached under. */
  private readonly bySession = new Map<string, CodeLanguage>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  attached(sessionId: string, language: CodeLanguage): void {
    if (this.bySession.get(sessionId) === language) return;
    this.bySession.set(sessionId, language);
    this.changed.fire();
  }

  detached(sessionId: string): void {
    if (this.bySession.delete(sessionId)) this.changed.fire();
  }

  /**
   * Any session's, not only the active one's: gutter breakpoints go to every session, and each session
   * with a child of the file's language leaves the body line to it; the dots are per assistant, not per session.
   */
  languages(): ReadonlySet<CodeLanguage> {
    return new Set(this.bySession.values());
  }

  dispose(): void {
    this.changed.dispose();
  }
}
