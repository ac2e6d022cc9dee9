import * as vscode from "vscode";
import type { ThreadDriver } from "../engine/driver/threadDriver";
import { isSubgraphNode } from "../engine/driver/breaks";
import { assertNever, type AnswerInterruptsMessage, type SubmitRunFormMessage } from "../shared/protocol";
import { chatEdit, chatSend, type ChatViews } from "./chatRuns";
import { checkAnswers } from "./interruptAnswers";
import type { BreakpointStore } from "./breakpoints";
import { registerCommand } from "./commandRegistry";
import { ACTION_COMMANDS, type PaletteCommand } from "./contributions";
import { DEFAULT_URL, type Deployment } from "./deployment";
import { deploymentRows } from "./deploymentList";
import { describeError, reportErrors } from "./errors";
import { exportBaseName, isExportFormat, pickExportFormat, saveExport } from "./graphExport";
import type { FromView } from "./graphChannel";
import type { GraphPanels } from "./graphPanels";
import type { GraphViewProvider } from "./graphViewProvider";
import { startLocalServer } from "./localServer";
import { pickAssistant } from "./pickers";
import { askResume, resumeArgument } from "./resumePrompt";
import type { RunController, StreamRunArgs } from "./runController";
import { openStateDocument } from "./stateEditor";
import type { StatusBar } from "./statusBar";
import type { TabActions } from "./tabRuns";
import { describeFilter, FILTER_HELP, parseThreadFilter } from "./threadFilter";
import type { CheckpointItem, ThreadsTreeProvider } from "./threadsTree";
import type { ViewStore } from "./viewStore";
import { storeHandlers } from "./storeCommands";
import { assistantHandlers } from "./assistantCommands";
import type { AssistantsTreeProvider } from "./assistantsTree";
import type { StoreTreeProvider } from "./storeTree";
import type { Recordings } from "./recordings";
import type { ThreadItem } from "./threadsTree";
import { goToNodeSource, pickNodeSource, runToNode } from "./nodeSourceCommands";
import type { NodeSourceIndex } from "./nodeSourceIndex";

/** Everything the commands act on. */
export interface CommandDeps {
  log: vscode.LogOutputChannel;
  deployment: Deployment;
  driver: ThreadDriver;
  store: ViewStore;
  breakpoints: BreakpointStore;
  view: GraphViewProvider;
  /** The graph view's editor tabs. */
  panels: GraphPanels;
  /** The banner buttons of a tab that runs its own thread. */
  tabs: TabActions;
  /** Messages from the side panel's graph view and the editor tabs. */
  viewMessages: vscode.Event<FromView>;
  runs: RunController;
  threads: ThreadsTreeProvider;
  /** The Store view. */
  storeTree: StoreTreeProvider;
  /** The Assistants view. */
  assistantsTree: AssistantsTreeProvider;
  /** An assistant changed on the server (a new or active version): the graph views say so. */
  assistantChanged: (assistantId: string) => void;
  statusBar: StatusBar;
  recordings: Recordings;
  /** Where the nodes of each assistant's graph are written. */
  sources: NodeSourceIndex;
}

/** What Go to node source is given: nothing (the palette), a node, the graph view's context menu, or a checkpoint. */
type NodeRef = string | { webviewSection: "graphNode"; node: string; assistantId?: string } | CheckpointItem | undefined;

/**
 * A checkpoint given by the tree (a CheckpointItem) or by a caller ({assistantId, threadId,
 * checkpointId}); a thread row gives no checkpoint id: its newest checkpoint is meant.
 */
type CheckpointRef = CheckpointItem | { assistantId?: string; threadId: string; checkpointId?: string };

function checkpointOf(ref: CheckpointRef | undefined): { assistantId?: string; threadId: string; checkpointId?: string } {
  // VS Code gives a tree row's action `undefined` when the tree was between two drawings of its rows.
  if (!ref) throw new Error("The Threads view was redrawing its rows as the action was clicked: click it again.");
  return "entry" in ref ? { assistantId: ref.assistantId, threadId: ref.threadId, checkpointId: ref.entry.checkpointId } : ref;
}

/** A checkpoint that must be named (re-run, fork): a thread alone is not enough. */
function namedCheckpointOf(ref: CheckpointRef | undefined): { assistantId?: string; threadId: string; checkpointId: string } {
  const { assistantId, threadId, checkpointId } = checkpointOf(ref);
  if (!checkpointId) throw new Error("Pick a checkpoint of the thread (expand it in the Threads view).");
  return { assistantId, threadId, checkpointId };
}

const TITLES: Record<PaletteCommand, string> = {
  streamRun: "Stream run",
  showGraph: "Show graph",
  openGraphInEditor: "Open graph in editor",
  cancelRun: "Cancel run",
  continue: "Continue",
  step: "Step",
  toggleBreakpoint: "Toggle breakpoint",
  resume: "Resume",
  editState: "Edit state",
  runFromCheckpoint: "Re-run from checkpoint",
  fork: "Fork with edited state",
  showCheckpoint: "Show checkpoint",
  refreshThreads: "Refresh threads",
  groupThreads: "Group threads by assistant",
  ungroupThreads: "List threads by last update",
  searchThreads: "Search threads",
  clearThreadFilter: "Clear the thread search",
  loadMoreThreads: "Load more threads",
  loadOlderCheckpoints: "Load older checkpoints",
  setApiKey: "Set API key",
  clearApiKey: "Clear API key",
  switchDeployment: "Switch deployment",
  startLocalServer: "Start a local deployment",
  showLog: "Show log",
  statusActions: "Debugger actions",
  exportGraph: "Export graph",
  saveRun: "Save run",
  saveThread: "Save thread as run",
  compareRuns: "Compare runs",
  goToNodeSource: "Go to node source",
  showNodeInGraph: "Show node in graph",
  runToNode: "Run to node",
  refreshStore: "Refresh the store",
  searchStore: "Search the store",
  clearStoreSearch: "Clear the store search",
  openStoreItem: "Open store item",
  deleteStoreItem: "Delete store item",
  copyStoreValue: "Copy store value",
  openTrace: "Open trace in LangSmith",
  createAssistant: "Create assistant",
  editAssistant: "Edit assistant",
  setAssistantVersion: "Set active assistant version",
  deleteAssistant: "Delete assistant",
  copyAssistantId: "Copy assistant id",
  useAssistant: "Use assistant for runs",
  refreshAssistants: "Refresh assistants",
  loadMoreAssistants: "Load more assistants",
};

/** Registers the palette commands; returns them with the handler of the graph view's messages. */
export function registerCommands(d: CommandDeps): vscode.Disposable[] {
  const { log, deployment, driver, breakpoints, runs } = d;
  const guarded = (name: PaletteCommand, body: (...args: never[]) => Promise<unknown>) => (...args: never[]) => reportErrors(log, TITLES[name], () => body(...args));

  // A run is followed where it is shown: the side panel is revealed only when no graph tab is on screen.
  const reveal = () => (d.panels.anyVisible() ? Promise.resolve() : d.view.reveal());

  const toggleBreakpoint = async (node?: string, when?: "before" | "after", pinned?: string) => {
    const shown = driver.graph;
    if (node && when && pinned) {
      await setBreakpoint(pinned, node, when);
      return;
    }
    if (!shown) throw new Error('No graph is shown yet: run "LangGraph: Show graph" first.');
    const { assistantId, graph } = shown;
    if (!node || !when) {
      const items = graph.nodes
        .filter((n) => n.id !== "__start__" && n.id !== "__end__")
        .flatMap((n) => (["before", "after"] as const).map((w) => ({ label: `${breakpoints.has(assistantId, n.id, w) ? "$(debug-breakpoint)" : "$(circle-outline)"} ${w} ${n.id}`, node: n.id, when: w })));
      const picked = await vscode.window.showQuickPick(items, { title: "LangGraph: toggle a breakpoint", placeHolder: "Pause before or after a node" });
      if (!picked) return;
      ({ node, when } = picked);
    }
    await setBreakpoint(assistantId, node, when);
  };

  const setBreakpoint = async (assistantId: string, node: string, when: "before" | "after") => {
    const set = await breakpoints.toggle(assistantId, node, when);
    log.info(`Breakpoint ${when} ${node} ${set ? "set" : "cleared"}`);
    if (set && isSubgraphNode(node)) {
      void vscode.window.showWarningMessage(`"${node}" is inside a subgraph: the LangGraph server honours run-level breakpoints on top-level nodes only, so this one will not pause the run.`);
    }
  };

  /** `arg`: `{ value, interruptId?, answers?, update?, goto? }` or a bare value; none asks (which interrupt when several wait, then the answer). */
  const resume = async (arg?: unknown) => {
    const outcome = driver.target?.outcome;
    const request = resumeArgument(arg) ?? (await askResume(outcome?.status === "waiting" ? outcome.interrupts : []));
    if (!request) return;
    await reveal();
    return driver.answer(request);
  };

  const editState = async () => {
    const target = driver.target;
    if (!target) throw new Error('No thread is being debugged: start one with "LangGraph: Stream run".');
    const lastStep = driver.supersteps().findLast((s) => s.ns.length === 0 && s.nodes.length > 0);
    const asNode = lastStep?.nodes.length === 1 ? lastStep.nodes[0].node : undefined;
    await openStateDocument({ threadId: target.threadId, asNode });
  };

  /**
   * The banner's "Run again": the same assistant and thread, only the input is asked ("Stream run" when
   * nothing ran yet). When another assistant is shown now (Use for runs), that one runs instead.
   */
  const runAgain = async () => {
    const target = driver.target;
    const shown = driver.graph?.assistantId;
    if (target && shown && target.assistantId !== shown && !target.running) return runs.streamRun({ assistantId: shown });
    if (!target || driver.status === "idle" || target.running) return runs.streamRun({});
    return runs.streamRun({ assistantId: target.assistantId, threadId: target.threadId });
  };

  const goOn = (action: () => Promise<unknown>) => async () => {
    await reveal();
    return action();
  };

  /** Opens the graph in an editor tab pinned to an assistant: the given one, else the one shown, else one picked. */
  const openGraphInEditor = async (assistantId?: string) => {
    const assistant = await pickAssistant(await deployment.client(), assistantId ?? driver.graph?.assistantId);
    if (!assistant) return;
    const name = assistant.name && assistant.name !== assistant.graph_id ? `${assistant.name} (${assistant.graph_id})` : assistant.graph_id;
    await d.panels.open({ assistantId: assistant.assistant_id, title: `Graph: ${name}` });
  };

  const goToSource = async (ref: NodeRef, assistantId?: string) => {
    if (ref && typeof ref === "object" && "entry" in ref) {
      const assistant = ref.assistantId ?? driver.graph?.assistantId;
      if (!assistant) throw new Error("Which assistant ran this thread is not known; run \"LangGraph: Show graph\" first.");
      if (!ref.entry.nodes.length) throw new Error("No node wrote this checkpoint (it holds the input or a state edit).");
      return pickNodeSource(d.sources, assistant, ref.entry.nodes, "LangGraph: the nodes that wrote this checkpoint");
    }
    const node = typeof ref === "string" ? ref : ref?.node;
    const assistant = (typeof ref === "object" ? ref.assistantId : undefined) ?? assistantId ?? driver.graph?.assistantId;
    if (!assistant) throw new Error('No graph is shown yet: run "LangGraph: Show graph" first.');
    if (node) return goToNodeSource(d.sources, assistant, node);
    const shown = driver.graph?.assistantId === assistant ? driver.graph.graph : undefined;
    return pickNodeSource(d.sources, assistant, shown?.nodes.map((n) => n.id) ?? [], "LangGraph: go to the code of a node");
  };

  const handlers: Record<PaletteCommand, (...args: never[]) => Promise<unknown>> = {
    showGraph: (assistantId?: string) => runs.showGraph(typeof assistantId === "string" ? assistantId : undefined),
    openGraphInEditor: (assistantId?: string) => openGraphInEditor(typeof assistantId === "string" ? assistantId : undefined),
    streamRun: (args?: StreamRunArgs) => runs.streamRun(args && typeof args === "object" ? args : {}),
    cancelRun: () => driver.cancel(),
    continue: goOn(() => driver.continue()),
    step: goOn(() => driver.step()),
    resume: (arg?: unknown) => resume(arg),
    toggleBreakpoint: (node?: string, when?: "before" | "after", assistantId?: string) => toggleBreakpoint(typeof node === "string" ? node : undefined, when, typeof assistantId === "string" ? assistantId : undefined),
    editState,
    showCheckpoint: async (ref: CheckpointRef) => {
      const { assistantId, threadId, checkpointId } = checkpointOf(ref);
      const assistant = assistantId ?? driver.graph?.assistantId;
      if (!assistant) throw new Error("Which assistant ran this thread is not known; run \"LangGraph: Show graph\" first.");
      const shown = await driver.showCheckpoint(assistant, threadId, checkpointId);
      d.store.selectStep(shown.step, shown.ns);
      await reveal();
    },
    runFromCheckpoint: async (ref: CheckpointRef) => {
      const { assistantId, threadId, checkpointId } = namedCheckpointOf(ref);
      const assistant = assistantId ?? driver.graph?.assistantId;
      if (!assistant) throw new Error("Which assistant ran this thread is not known; run \"LangGraph: Show graph\" first.");
      await reveal();
      return driver.runFromCheckpoint(assistant, threadId, checkpointId);
    },
    fork: async (ref: CheckpointRef) => {
      const { assistantId, threadId, checkpointId } = namedCheckpointOf(ref);
      const assistant = assistantId ?? driver.graph?.assistantId;
      if (!assistant) throw new Error("Which assistant ran this thread is not known; run \"LangGraph: Show graph\" first.");
      await openStateDocument({ threadId, checkpointId, forkAssistantId: assistant });
      void vscode.window.showInformationMessage("Edit the state and save: the run forks from this checkpoint with your edit.");
    },
    refreshThreads: async () => d.threads.refresh(),
    groupThreads: () => d.threads.setGrouped(true),
    ungroupThreads: () => d.threads.setGrouped(false),
    searchThreads: async () => {
      const current = d.threads.currentFilter;
      const text = await vscode.window.showInputBox({
        title: "LangGraph: search threads",
        prompt: FILTER_HELP,
        placeHolder: "status:interrupted graph:agent user=alice",
        value: current ? describeFilter(current) : "",
        validateInput: (value) => {
          const parsed = parseThreadFilter(value);
          return "error" in parsed ? parsed.error : undefined;
        },
      });
      if (text === undefined) return;
      const parsed = parseThreadFilter(text);
      if ("filter" in parsed) await d.threads.setFilter(parsed.filter);
    },
    clearThreadFilter: () => d.threads.setFilter(undefined),
    loadMoreThreads: (shown?: unknown) => d.threads.loadMoreThreads(typeof shown === "number" ? shown : undefined),
    loadOlderCheckpoints: async (threadId?: unknown, shown?: unknown) => {
      if (typeof threadId !== "string") throw new Error("Pick a thread's \"Load older checkpoints\" row in the Threads view.");
      await d.threads.loadOlderCheckpoints(threadId, typeof shown === "number" ? shown : undefined);
    },
    setApiKey: async () => {
      const key = await vscode.window.showInputBox({ title: `LangGraph: API key for ${deployment.url}`, prompt: "Sent as x-api-key (type \"Bearer <token>\" to send an Authorization header instead); kept in VS Code's secret storage.", password: true, ignoreFocusOut: true });
      if (key === undefined) return;
      await deployment.setApiKey(key.trim() || undefined);
      void vscode.window.showInformationMessage(key.trim() ? `API key stored for ${deployment.url}.` : `API key cleared for ${deployment.url}.`);
    },
    clearApiKey: async () => {
      await deployment.setApiKey(undefined);
      void vscode.window.showInformationMessage(`API key cleared for ${deployment.url}.`);
    },
    switchDeployment: (url?: string) => switchDeployment(deployment, url),
    startLocalServer: () => startLocalServer(deployment.url),
    showLog: async () => log.show(true),
    exportGraph: async (format?: unknown) => {
      if (!driver.graph) throw new Error('No graph is shown yet: run "LangGraph: Show graph" first.');
      const chosen = isExportFormat(format) ? format : await pickExportFormat();
      if (!chosen) return;
      // The graph tab in front exports its own graph; otherwise the side panel's.
      if (d.panels.requestExportFromActive(chosen)) return;
      await d.view.reveal();
      d.view.requestExport(chosen);
    },
    saveRun: () => d.recordings.saveRun(),
    saveThread: async (item?: ThreadItem | { threadId: string; assistantId?: string }) => {
      if (!item) throw new Error("Pick a thread in the Threads view to save.");
      const threadId = "thread" in item ? item.thread.thread_id : item.threadId;
      const assistantId = "thread" in item ? undefined : item.assistantId;
      return d.recordings.saveThread(threadId, assistantId);
    },
    compareRuns: () => d.recordings.compare(),
    goToNodeSource: (ref?: NodeRef, assistantId?: string) => goToSource(ref, typeof assistantId === "string" ? assistantId : undefined),
    showNodeInGraph: async (node?: string, assistantId?: string) => {
      if (typeof node !== "string") return;
      if (assistantId && assistantId !== driver.graph?.assistantId) await runs.showGraph(assistantId);
      await reveal();
      d.store.focusNode(node);
    },
    runToNode: async (node?: string, assistantId?: string) => {
      const assistant = assistantId ?? driver.target?.assistantId;
      if (typeof node !== "string" || !assistant) throw new Error("Run to node: which node is not known.");
      await reveal();
      return runToNode(driver, breakpoints, assistant, node);
    },
    ...storeHandlers(deployment, d.storeTree),
    ...assistantHandlers({ deployment, tree: d.assistantsTree, runs, usedForRuns: () => driver.graph?.assistantId, changed: d.assistantChanged }),
    openTrace: async () => {
      const url = d.statusBar.traceUrl;
      if (!url) throw new Error("This deployment does not say which LangSmith project it traces to, so there is no trace to open.");
      await vscode.env.openExternal(vscode.Uri.parse(url));
    },
    statusActions: async () => {
      const picked = await vscode.window.showQuickPick(d.statusBar.actions(), { title: "LangGraph Debugger" });
      if (picked) await guarded(picked.command, handlers[picked.command])();
    },
  };

  /** Every graph view's messages (the side panel's and the tabs') reach the handlers in one hop. */
  /** The banner's answers: checked (JSON, response_schema, update, goto), the verdict sent back, then the resume. */
  const answerFromView = async (message: AnswerInterruptsMessage, pinned: string | undefined, reply: FromView["reply"]) => {
    const own = pinned && d.tabs.actsOnItsOwn(pinned, d.store.assistantId) ? d.tabs.ownDriver(pinned) : driver;
    if (!own) throw new Error("This tab has no run of its own: start one with Run.");
    const outcome = own.target?.outcome;
    const nodes = own.graph?.graph.nodes.map((n) => n.id) ?? [];
    const checked = checkAnswers(message, outcome?.status === "waiting" && !own.target?.running ? outcome.interrupts : [], nodes);
    reply?.({ type: "answerChecked", requestId: message.requestId, problems: checked.problems ?? {} });
    if (!checked.request) return;
    if (!pinned) await reveal();
    return own.answer(checked.request);
  };

  const chatViews: ChatViews = { main: driver, tabs: d.tabs, client: () => deployment.client(), shownAssistant: () => d.store.assistantId };
  /** A chat send or edit; a refusal is told to the view (it gives the message back to its box), and shown as any command's error. */
  const chatFromView = (run: () => Promise<unknown>, requestId: number, pinned: string | undefined, reply: FromView["reply"]) => async () => {
    if (!pinned) await reveal();
    return run().catch((error: unknown) => {
      reply?.({ type: "chatRefused", requestId, message: describeError(error) });
      throw error;
    });
  };

  /** The run form's values: checked, the verdict sent back, then run as Stream run runs (a tab's own thread or the debugger's: tabRuns.ts). */
  const runFromForm = async (message: SubmitRunFormMessage, pinned: string | undefined, reply: FromView["reply"]) => {
    const checked = await runs.forms.submit(message);
    reply?.({ type: "runFormChecked", requestId: message.requestId, problems: checked.problems ?? {} });
    if (!checked.request) return;
    if (pinned && d.tabs.actsOnItsOwn(pinned, d.store.assistantId)) return d.tabs.start(checked.request);
    await reveal();
    return driver.start(checked.request);
  };

  const onViewMessage = ({ message, pinned, reply }: FromView) => {
    switch (message.type) {
      case "ready":
        // A tab shows its own assistant (GraphPanels); the side panel what was shown last.
        if (!pinned) void runs.showDefaultGraph().catch((error: unknown) => log.warn(`No graph to show from ${deployment.url}: ${describeError(error)}`));
        return;
      case "toggleBreakpoint":
        void guarded("toggleBreakpoint", handlers.toggleBreakpoint)(message.node as never, message.when as never, (message.assistantId ?? pinned) as never);
        return;
      case "selectNode":
        // A debug session selects the node's stack frame (debugRegistration.ts).
        return;
      case "goToSource":
        void guarded("goToNodeSource", handlers.goToNodeSource)(message.node as never, (message.assistantId ?? pinned) as never);
        return;
      case "exportedGraph":
        void guarded("exportGraph", async () => saveExport(message, await exportBaseName(await deployment.client(), pinned ?? driver.graph?.assistantId)))();
        return;
      case "runAction":
        // A tab with a thread of its own, or whose assistant the debugger has left, runs its own (tabRuns.ts).
        if (pinned && d.tabs.actsOnItsOwn(pinned, d.store.assistantId)) void guarded(ACTION_COMMANDS[message.action], () => d.tabs.act(pinned, message.action))();
        else if (message.action === "streamRun") void guarded("streamRun", runAgain)();
        else void guarded(ACTION_COMMANDS[message.action], handlers[ACTION_COMMANDS[message.action]])();
        return;
      case "answerInterrupts":
        void guarded("resume", () => answerFromView(message, pinned, reply))();
        return;
      case "chatSend":
        void guarded("streamRun", chatFromView(() => chatSend(chatViews, message, pinned), message.requestId, pinned, reply))();
        return;
      case "chatEdit":
        void guarded("streamRun", chatFromView(() => chatEdit(chatViews, message, pinned), message.requestId, pinned, reply))();
        return;
      case "openRunForm":
        void guarded("streamRun", async () => reply?.(await runs.forms.open(message)))();
        return;
      case "submitRunForm":
        void guarded("streamRun", () => runFromForm(message, pinned, reply))();
        return;
      default:
        assertNever(message);
    }
  };

  return [d.viewMessages(onViewMessage), ...(Object.keys(handlers) as PaletteCommand[]).map((name) => registerCommand(name, guarded(name, handlers[name])))];
}

async function switchDeployment(deployment: Deployment, url: string | undefined): Promise<void> {
  if (typeof url !== "string") {
    const items = deploymentRows(deployment.url, deployment.answered(deployment.url), deployment.recent(), DEFAULT_URL);
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
}

function isHttpUrl(text: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(text.trim()).protocol);
  } catch {
    return false;
  }
}
