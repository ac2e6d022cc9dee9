import * as vscode from "vscode";
import { statusOf, type DriverTarget } from "../engine/driver/threadDriver";
import { describeOutcome } from "../engine/outcome";
import type { RunStatus } from "../engine/model";
import { actionLabel, actionsFor } from "../shared/runActions";
import { ACTION_COMMANDS, Commands, type PaletteCommand } from "./contributions";

const ACTION_ICONS: Record<string, string> = {
  streamRun: "$(play)",
  cancel: "$(debug-stop)",
  continue: "$(debug-continue)",
  step: "$(debug-step-over)",
  resume: "$(reply)",
  editState: "$(edit)",
};

/** Status bar item: is the deployment reachable, and how is the thread being debugged doing. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("langgraphDebugger.status", vscode.StatusBarAlignment.Left, 50);
  private reachable: boolean | null = null;
  private url = "";
  private target: DriverTarget | undefined;

  constructor() {
    this.item.name = "LangGraph Debugger";
    this.item.command = Commands.statusActions;
    this.render();
    this.item.show();
  }

  setDeployment(url: string, reachable: boolean | null): void {
    this.url = url;
    this.reachable = reachable;
    this.render();
  }

  setTarget(target: DriverTarget | undefined): void {
    this.target = target;
    this.render();
  }

  private get status(): RunStatus {
    return statusOf(this.target);
  }

  private render(): void {
    const icon = this.reachable === false ? "$(debug-disconnect)" : this.target?.running ? "$(loading~spin)" : "$(type-hierarchy)";
    const outcome = this.target?.outcome;
    const run = this.target ? (this.target.running ? "running" : outcome ? describeOutcome(outcome, { short: true }) : "") : "";
    // An unreachable deployment matters more than how the last run on it ended.
    this.item.text = `${icon} LangGraph${this.reachable === false ? ": unreachable" : run ? `: ${run}` : ""}`;
    const reach = this.reachable === null ? "not checked yet" : this.reachable ? "reachable" : "not reachable";
    const detail = outcome && !this.target?.running ? `\n${describeOutcome(outcome)}` : "";
    this.item.tooltip = `LangGraph deployment ${this.url} (${reach})${this.target ? `\nThread ${this.target.threadId}` : ""}${detail}\nClick for actions`;
    this.item.backgroundColor = this.reachable === false ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
  }

  /** The actions offered on click: what the thread's status allows (src/shared/runActions.ts), then the rest. */
  actions(): { label: string; command: PaletteCommand }[] {
    const status = this.status;
    const list: { label: string; command: PaletteCommand }[] = actionsFor(status)
      .filter((a) => a !== "streamRun")
      .map((a) => ({ label: `${ACTION_ICONS[a]} ${actionLabel(a, status)}`, command: ACTION_COMMANDS[a] }));
    list.push(
      { label: "$(play) Stream run", command: "streamRun" },
      { label: "$(type-hierarchy) Show graph", command: "showGraph" },
      { label: "$(debug-breakpoint) Toggle breakpoint", command: "toggleBreakpoint" },
      { label: "$(plug) Switch deployment", command: "switchDeployment" },
    );
    if (this.reachable === false) list.unshift({ label: "$(server-process) Start a local deployment", command: "startLocalServer" });
    list.push({ label: "$(output) Show log", command: "showLog" });
    return list;
  }

  dispose(): void {
    this.item.dispose();
  }
}
