import * as vscode from "vscode";
import type { RunOutcome } from "../engine/model";
import type { WebviewToHost } from "../shared/protocol";
import type { BreakpointStore } from "./breakpoints";
import { isSubgraphNode } from "./breakpoints";
import type { Deployment } from "./deployment";
import { describeError, reportErrors } from "./errors";
import type { GraphViewProvider } from "./graphViewProvider";
import { startLocalServer } from "./localServer";
import { askJsonValue } from "./pickers";
import { lineageSupersteps } from "../engine/checkpointTimeline";
import { diffStates } from "../engine/diff";
import type { RunController, StreamRunArgs } from "./runController";
import { stateUri } from "./stateEditor";
import type { StatusBar } from "./statusBar";
import { STATUS_ACTIONS_COMMAND } from "./statusBar";
import type { CheckpointItem, ThreadsTreeProvider } from "./threadsTree";
import type { ViewStore } from "./viewStore";

/** Everything the commands act on. */
export interface CommandDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  deployment: Deployment;
  store: ViewStore;
  breakpoints: BreakpointStore;
  view: GraphViewProvider;
  runs: RunController;
  threads: ThreadsTreeProvider;
  statusBar: StatusBar;
}

/** A checkpoint given by the tree (a CheckpointItem) or by a caller ({assistantId, threadId, checkpointId}). */
type CheckpointRef = CheckpointItem | { assistantId?: string; threadId: string; checkpointId: string };

function checkpointOf(ref: CheckpointRef): { assistantId?: string; threadId: string; checkpointId: string } {
  return "entry" in ref ? { assistantId: ref.assistantId, threadId: ref.threadId, checkpointId: ref.entry.checkpointId } : ref;
}

/** Registers the palette commands and the view's actions. */
export function registerCommands(d: CommandDeps): vscode.Disposable[] {
  const { log, deployment, store, breakpoints, runs } = d;
  const command = (id: string, title: string, body: (...args: never[]) => Promise<unknown>) =>
    vscode.commands.registerCommand(`langgraphDebugger.${id}`, (...args: never[]) => reportErrors(log, title, () => body(...args)));

  const toggleBreakpoint = async (node?: string, when?: "before" | "after") => {
    const assistantId = store.snapshot().assistantId;
    const graph = store.snapshot().graph;
    if (!assistantId || !graph) throw new Error('No graph is shown yet: run "LangGraph: Show graph" first.');
    if (!node || !when) {
      const items = graph.nodes
        .filter((n) => n.id !== "__start__" && n.id !== "__end__")
        .flatMap((n) => (["before", "after"] as const).map((w) => ({ label: `${breakpoints.has(assistantId, n.id, w) ? "$(debug-breakpoint)" : "$(circle-outline)"} ${w} ${n.id}`, node: n.id, when: w })));
      const picked = await vscode.window.showQuickPick(items, { title: "LangGraph: toggle a breakpoint", placeHolder: "Pause before or after a node" });
      if (!picked) return;
      ({ node, when } = picked);
    }
    const set = await breakpoints.toggle(assistantId, node, when);
    log.info(`Breakpoint ${when} ${node} ${set ? "set" : "cleared"}`);
    if (set && isSubgraphNode(node)) {
      void vscode.window.showWarningMessage(`"${node}" is inside a subgraph: the LangGraph server honours run-level breakpoints on top-level nodes only, so this one will not pause the run.`);
    }
  };

  const resume = async (value?: unknown) => {
    if (value === undefined) {
      const outcome = runs.target?.outcome;
      const payload = outcome?.status === "waiting" ? outcome.interrupts.map((i) => JSON.stringify(i.value)).join("; ") : "";
      const answer = await askJsonValue("LangGraph: resume interrupt()", payload ? `The graph asks: ${payload}. Type a JSON value (plain text is sent as a string).` : "Value to resume with (JSON; plain text is sent as a string).");
      if (!answer) return;
      value = answer.value;
    }
    return runs.resume(value);
  };

  const editState = async () => {
    const target = runs.target;
    if (!target) throw new Error('No thread is being debugged: start one with "LangGraph: Stream run".');
    const lastStep = store.snapshot().supersteps.filter((s) => s.ns.length === 0 && s.nodes.length > 0).at(-1);
    const asNode = lastStep?.nodes.length === 1 ? lastStep.nodes[0].node : undefined;
    const doc = await vscode.workspace.openTextDocument(stateUri({ threadId: target.threadId, asNode }));
    await vscode.languages.setTextDocumentLanguage(doc, "json");
    await vscode.window.showTextDocument(doc, { preview: false });
  };

  const onViewMessage = (message: WebviewToHost) => {
    if (message.type === "ready") {
      void runs.showDefaultGraph().catch((error: unknown) => log.warn(`No graph to show from ${deployment.url}: ${describeError(error)}`));
    } else if (message.type === "toggleBreakpoint") {
      void reportErrors(log, "Toggle breakpoint", () => toggleBreakpoint(message.node, message.when));
    } else if (message.type === "runAction") {
      void vscode.commands.executeCommand(ACTION_COMMANDS[message.action]);
    }
  };

  return [
    d.view.onMessage(onViewMessage),
    command("showGraph", "Show graph", (assistantId?: string) => runs.showGraph(typeof assistantId === "string" ? assistantId : undefined)),
    command("streamRun", "Stream run", (args?: StreamRunArgs) => runs.streamRun(args && typeof args === "object" ? args : {})),
    command("cancelRun", "Cancel run", () => runs.cancel()),
    command("continue", "Continue", () => runs.continueRun()),
    command("step", "Step", () => runs.step()),
    command("resume", "Resume", (value?: unknown) => resume(value)),
    command("toggleBreakpoint", "Toggle breakpoint", (node?: string, when?: "before" | "after") => toggleBreakpoint(typeof node === "string" ? node : undefined, when)),
    command("editState", "Edit state", () => editState()),
    command("showCheckpoint", "Show checkpoint", async (ref: CheckpointRef) => {
      const { assistantId, threadId, checkpointId } = checkpointOf(ref);
      const client = await deployment.client();
      const assistant = assistantId ?? store.snapshot().assistantId;
      if (assistant) await runs.loadGraph(client, assistant);
      const history = await client.threads.history(threadId, { limit: 200 });
      const steps = lineageSupersteps(history, checkpointId, diffStates);
      const shown = steps.at(-1);
      if (!shown) throw new Error(`Checkpoint ${checkpointId} is not in the history of thread ${threadId}.`);
      store.startRun({ threadId, assistantId: assistant ?? "" });
      for (const step of steps) store.addSuperstep(step);
      // The banner tells where the thread is now (its newest checkpoint), since its actions act on the thread:
      // an older checkpoint of a finished thread is not "paused", and Continue would not run from it.
      const next = history[0]?.next ?? [];
      const outcome: RunOutcome = next.length ? { status: "paused", when: "before", nodes: next } : { status: "finished" };
      store.endRun(outcome);
      if (assistant) runs.focus({ assistantId: assistant, threadId, outcome });
      store.selectStep(shown.step);
      await d.view.reveal();
    }),
    command("runFromCheckpoint", "Re-run from checkpoint", async (ref: CheckpointRef) => {
      const { assistantId, threadId, checkpointId } = checkpointOf(ref);
      const assistant = assistantId ?? store.snapshot().assistantId;
      if (!assistant) throw new Error("Which assistant ran this thread is not known; run \"LangGraph: Show graph\" first.");
      return runs.runFromCheckpoint(assistant, threadId, checkpointId);
    }),
    command("fork", "Fork with edited state", async (ref: CheckpointRef) => {
      const { assistantId, threadId, checkpointId } = checkpointOf(ref);
      const assistant = assistantId ?? store.snapshot().assistantId;
      if (!assistant) throw new Error("Which assistant ran this thread is not known; run \"LangGraph: Show graph\" first.");
      const doc = await vscode.workspace.openTextDocument(stateUri({ threadId, checkpointId, forkAssistantId: assistant }));
      await vscode.languages.setTextDocumentLanguage(doc, "json");
      await vscode.window.showTextDocument(doc, { preview: false });
      void vscode.window.showInformationMessage("Edit the state and save: the run forks from this checkpoint with your edit.");
    }),
    command("refreshThreads", "Refresh threads", async () => d.threads.refresh()),
    command("setApiKey", "Set API key", async () => {
      const key = await vscode.window.showInputBox({ title: `LangGraph: API key for ${deployment.url}`, prompt: "Sent as x-api-key; kept in VS Code's secret storage.", password: true, ignoreFocusOut: true });
      if (key === undefined) return;
      await deployment.setApiKey(key.trim() || undefined);
      void vscode.window.showInformationMessage(key.trim() ? `API key stored for ${deployment.url}.` : `API key cleared for ${deployment.url}.`);
    }),
    command("clearApiKey", "Clear API key", async () => {
      await deployment.setApiKey(undefined);
      void vscode.window.showInformationMessage(`API key cleared for ${deployment.url}.`);
    }),
    command("switchDeployment", "Switch deployment", async (url?: string) => {
      if (typeof url !== "string") {
        const items = [...new Set([deployment.url, ...deployment.recent(), "http://127.0.0.1:2024"])].map((u) => ({ label: u, description: u === deployment.url ? "current" : "" }));
        const pick = vscode.window.createQuickPick();
        pick.title = "LangGraph: deployment URL";
        pick.placeholder = "Pick a deployment or type its URL";
        pick.items = items;
        url = await new Promise<string | undefined>((resolve) => {
          // A typed URL wins over the highlighted item, which the filter may still show (e.g. 2024 for …:20245).
          pick.onDidAccept(() => resolve(isHttpUrl(pick.value) ? pick.value : (pick.selectedItems[0]?.label ?? pick.value)));
          pick.onDidHide(() => resolve(undefined));
          pick.show();
        });
        pick.dispose();
        if (!url) return;
      }
      try {
        new URL(url);
      } catch {
        throw new Error(`"${url}" is not a URL (e.g. http://127.0.0.1:2024 or https://my-deployment.example.com).`);
      }
      await deployment.switchTo(url);
    }),
    command("startLocalServer", "Start a local deployment", () => startLocalServer(deployment.url)),
    command("showLog", "Show log", async () => log.show(true)),
    vscode.commands.registerCommand(STATUS_ACTIONS_COMMAND, async () => {
      const picked = await vscode.window.showQuickPick(d.statusBar.actions(), { title: "LangGraph Debugger" });
      if (picked) await vscode.commands.executeCommand(picked.command);
    }),
  ];
}

function isHttpUrl(text: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(text.trim()).protocol);
  } catch {
    return false;
  }
}

const ACTION_COMMANDS = {
  streamRun: "langgraphDebugger.streamRun",
  continue: "langgraphDebugger.continue",
  step: "langgraphDebugger.step",
  cancel: "langgraphDebugger.cancelRun",
  resume: "langgraphDebugger.resume",
  editState: "langgraphDebugger.editState",
} as const;
