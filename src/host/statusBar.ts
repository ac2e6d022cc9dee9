import * as vscode from "vscode";
import { statusOf, type DriverTarget } from "../engine/driver/threadDriver";
import { describeOutcome } from "../engine/outcome";
import type { RunStatus } from "../engine/model";
import { actionLabel, actionsFor } from "../shared/runActions";
import { ACTION_COMMANDS, Commands, type PaletteCommand } from "./contributions";
import type { Refusal } from "./deployment";

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
  private refusal: Refusal | undefined;
  /** What `/info` said the server is, e.g. "LangGraph.js server 2.0.0 (…)". */
  private server: string | undefined;

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

  /** The deployment refused the credentials (or, with undefined, they changed). */
  setRefusal(refusal: Refusal | undefined): void {
    this.refusal = refusal;
    this.render();
  }

  /** The server's flavour and version from `/info` (undefined: not known). */
  setServer(server: string | undefined): void {
    this.server = server;
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
    const refused = this.refusal;
    const icon = refused ? "$(key)" : this.reachable === false ? "$(debug-disconnect)" : this.target?.running ? "$(loading~spin)" : "$(type-hierarchy)";
    const outcome = this.target?.outcome;
    const run = this.target ? (this.target.running ? "running" : outcome ? describeOutcome(outcome, { short: true }) : "") : "";
    // A refused key or an unreachable deployment matters more than how the last run on it ended.
    const problem = refused ? (refused.sentKey ? "key refused" : "API key needed") : this.reachable === false ? "unreachable" : undefined;
    this.item.text = `${icon} LangGraph${problem ? `: ${problem}` : run ? `: ${run}` : ""}`;
    const reach = refused
      ? `refused the ${refused.sentKey ? "key" : "request without a key"}: ${refused.status}${refused.message ? ` ${refused.message}` : ""}`
      : this.reachable === null ? "not checked yet" : this.reachable ? "reachable" : "not reachable";
    const detail = outcome && !this.target?.running ? `\n${describeOutcome(outcome)}` : "";
    const server = this.server ? `\n${this.server}` : "";
    this.item.tooltip = `LangGraph deployment ${this.url} (${reach})${server}${this.target ? `\nThread ${this.target.threadId}` : ""}${detail}\nClick for actions`;
    this.item.backgroundColor = problem ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
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
    if (this.refusal) list.unshift({ label: "$(key) Set API key", command: "setApiKey" });
    if (this.reachable === false) list.unshift({ label: "$(server-process) Start a local deployment", command: "startLocalServer" });
    list.push({ label: "$(output) Show log", command: "showLog" });
    return list;
  }

  dispose(): void {
    this.item.dispose();
  }
}
