import * as vscode from "vscode";
import type { DebugTarget } from "./runController";
import { describeOutcome } from "./runController";

/** Command the status bar item runs: a quick pick of what makes sense now. */
export const STATUS_ACTIONS_COMMAND = "langgraphDebugger.statusActions";

/** Status bar item: is the deployment reachable, and how is the current run doing. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("langgraphDebugger.status", vscode.StatusBarAlignment.Left, 50);
  private reachable: boolean | null = null;
  private url = "";
  private target: DebugTarget | undefined;

  constructor() {
    this.item.name = "LangGraph Debugger";
    this.item.command = STATUS_ACTIONS_COMMAND;
    this.render();
    this.item.show();
  }

  setDeployment(url: string, reachable: boolean | null): void {
    this.url = url;
    this.reachable = reachable;
    this.render();
  }

  setTarget(target: DebugTarget | undefined): void {
    this.target = target;
    this.render();
  }

  private render(): void {
    const icon = this.reachable === false ? "$(debug-disconnect)" : this.target?.running ? "$(loading~spin)" : "$(type-hierarchy)";
    const run = this.target ? (this.target.running ? "running" : this.target.outcome ? describeOutcome(this.target.outcome).split(":")[0] : "") : "";
    // An unreachable deployment matters more than how the last run on it ended.
    this.item.text = `${icon} LangGraph${this.reachable === false ? ": unreachable" : run ? `: ${run}` : ""}`;
    const reach = this.reachable === null ? "not checked yet" : this.reachable ? "reachable" : "not reachable";
    this.item.tooltip = `LangGraph deployment ${this.url} (${reach})${this.target ? `\nThread ${this.target.threadId}` : ""}\nClick for actions`;
    this.item.backgroundColor = this.reachable === false ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
  }

  /** The actions offered on click, most relevant first. */
  actions(): { label: string; command: string }[] {
    const status = this.target?.running ? "running" : this.target?.outcome?.status;
    const list: { label: string; command: string }[] = [];
    if (status === "running") list.push({ label: "$(debug-stop) Cancel run", command: "langgraphDebugger.cancelRun" });
    if (status === "paused") {
      list.push(
        { label: "$(debug-continue) Continue", command: "langgraphDebugger.continue" },
        { label: "$(debug-step-over) Step", command: "langgraphDebugger.step" },
        { label: "$(edit) Edit state", command: "langgraphDebugger.editState" },
      );
    }
    if (status === "waiting") list.push({ label: "$(reply) Resume", command: "langgraphDebugger.resume" }, { label: "$(edit) Edit state", command: "langgraphDebugger.editState" });
    list.push(
      { label: "$(play) Stream run", command: "langgraphDebugger.streamRun" },
      { label: "$(type-hierarchy) Show graph", command: "langgraphDebugger.showGraph" },
      { label: "$(debug-breakpoint) Toggle breakpoint", command: "langgraphDebugger.toggleBreakpoint" },
      { label: "$(plug) Switch deployment", command: "langgraphDebugger.switchDeployment" },
    );
    if (this.reachable === false) list.unshift({ label: "$(server-process) Start a local deployment", command: "langgraphDebugger.startLocalServer" });
    list.push({ label: "$(output) Show log", command: "langgraphDebugger.showLog" });
    return list;
  }

  dispose(): void {
    this.item.dispose();
  }
}
