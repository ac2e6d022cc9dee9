// The `langgraph` debug type inside VS Code: launch configurations (F5 on a workspace with a
// langgraph.json), the inline adapter on the extension's own run driver (so the graph view and the
// Debug view always show the same run), the API key from SecretStorage, "Resume with value…", and
// the graph view following the selected stack frame. The adapter itself is src/debug/ (no `vscode`).
import * as vscode from "vscode";
import { normalizeApiUrl } from "../engine/client";
import type { ThreadDriver } from "../engine/driver/threadDriver";
import { LangGraphDebugSession } from "../debug/langgraphSession";
import { Commands, ContextKeys } from "./contributions";
import type { Deployment } from "./deployment";
import { describeError, showRefusal } from "./errors";
import { askJsonValue } from "./pickers";
import { workspaceGraphs } from "./workspaceGraphs";
import type { FromView } from "./graphChannel";
import type { ViewStore } from "./viewStore";
import type { ReplayTarget } from "./replayTarget";
import { ServerSessions } from "./childSessions";
import type { AttachedChildren } from "./attachedChildren";
import path from "node:path";

export const DEBUG_TYPE = "langgraph";

/** What the debugger needs of the rest of the extension. */
export interface DebugDeps {
  deployment: Deployment;
  /** Messages from the graph views (the side panel's and the editor tabs'). */
  viewMessages: vscode.Event<FromView>;
  driver: ThreadDriver;
  store: ViewStore;
  log: vscode.LogOutputChannel;
  replays: ReplayTarget;
  /** Set here (ServerSessions), read by the breakpoint sync and CodeLens. */
  attachedChildren: AttachedChildren;
}

/** Registers the debug type's providers, the inline adapter, its tracker and commands. */
export function registerDebugger(d: DebugDeps): vscode.Disposable[] {
  const servers = new ServerSessions(d.deployment, d.log, d.attachedChildren);
  return [
    servers,
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new LaunchConfigurations(d.deployment)),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new LaunchConfigurations(d.deployment), vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new InlineAdapterFactory(d, servers)),
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, { createDebugAdapterTracker: (session) => new StopTracker(session, d) }),
    vscode.debug.onDidChangeActiveStackItem((item) => void followStackItem(item, d)),
    // After a replay the driver talks to the deployment again; the view keeps showing the replayed run.
    vscode.debug.onDidTerminateDebugSession((session) => {
      if (session.type === DEBUG_TYPE && session.configuration.replay && d.replays.release()) d.log.info("Replay ended: back to the deployment");
    }),
    vscode.commands.registerCommand(Commands.resumeWithValue, () => resumeWithValue(d.log)),
    d.viewMessages(({ message }) => {
      if (message.type === "selectNode") void focusFrameOf(message.node, d.log);
    }),
  ];
}

/** Launch configurations: one per graph of the workspace's langgraph.json; F5 without a launch.json runs the first. */
class LaunchConfigurations implements vscode.DebugConfigurationProvider {
  constructor(private readonly deployment: Deployment) {}

  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    const graphs = await workspaceGraphs(folder);
    const names = graphs.length > 0 ? graphs : ["agent"];
    return names.map((graph) => launchConfig(graph, this.deployment.url));
  }

  async resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    if (!config.type && !config.request && !config.name) {
      // F5 with no launch.json: the workspace's first graph, paused before its first node.
      const [graph] = await workspaceGraphs(folder);
      if (!graph) {
        void vscode.window.showInformationMessage("LangGraph: no langgraph.json in this workspace. Add a launch configuration of type \"langgraph\" naming the assistant to run.");
        return undefined;
      }
      return { ...launchConfig(graph, this.deployment.url), stopOnEntry: true };
    }
    // A replay needs no deployment.
    if (typeof config.replay === "string") return config;
    return { ...config, deploymentUrl: config.deploymentUrl ?? this.deployment.url, project: config.project ?? (await projectOf(folder)) };
  }

  /**
   * After `${workspaceFolder}` and the like are substituted: a relative replay file is the workspace
   * folder's, and the graph's code (`project`) is the workspace folder unless named.
   */
  resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration {
    if (config.project === undefined && folder?.uri.scheme === "file") config = { ...config, project: folder.uri.fsPath };
    if (typeof config.replay !== "string" || !folder || path.isAbsolute(config.replay)) return config;
    return { ...config, replay: path.join(folder.uri.fsPath, config.replay) };
  }
}

function launchConfig(graph: string, deploymentUrl: string): vscode.DebugConfiguration {
  // "auto": F5 starts langgraph dev for the workspace unless a server answers at deploymentUrl.
  return { type: DEBUG_TYPE, request: "launch", name: `LangGraph: debug ${graph}`, server: "auto", deploymentUrl, assistant: graph, input: "Hello" };
}

/** The folder of the workspace folder's langgraph.json (the shallowest), else the folder itself. */
async function projectOf(folder: vscode.WorkspaceFolder | undefined): Promise<string | undefined> {
  if (!folder) return undefined;
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, "**/langgraph.json"), "{**/node_modules/**,**/.venv/**}", 10);
  const [shallowest] = files.sort((a, b) => a.path.length - b.path.length);
  return shallowest ? path.dirname(shallowest.fsPath) : folder.uri.fsPath;
}

/**
 * Runs the adapter inside the extension host on the extension's driver. The graph view follows the
 * driver, so a session on another deployment first points the extension at it.
 */
class InlineAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(
    private readonly d: DebugDeps,
    private readonly servers: ServerSessions,
  ) {}

  async createDebugAdapterDescriptor(session: vscode.DebugSession): Promise<vscode.DebugAdapterDescriptor> {
    if (typeof session.configuration.replay === "string") return this.replayAdapter();
    // A deployment session after a replay that did not end cleanly: back to the deployment.
    if (this.d.replays.release()) this.d.driver.forget();
    const url = normalizeApiUrl(String(session.configuration.deploymentUrl ?? this.d.deployment.url));
    // A session that starts its own server follows it once it answers (ServerSessions.started).
    if (url !== this.d.deployment.url && session.configuration.server !== "start") {
      this.d.log.info(`Debug session "${session.name}" is on ${url}: following that deployment`);
      await this.d.deployment.switchTo(url);
    }
    const client = await this.d.deployment.client();
    const adapter = new LangGraphDebugSession({
      createClient: (apiUrl) => (normalizeApiUrl(apiUrl) === client.apiUrl ? client : this.d.deployment.clientWithoutKey(apiUrl)),
      driver: this.d.driver,
      askResumeValue: (question) => askResumeValue(question),
      onServerStarted: (server) => this.servers.started(session, server),
      serverOutput: (text) => this.servers.output(text),
      python: pythonInterpreter(session.workspaceFolder),
      // The same one notification as every other refused request, instead of VS Code's launch error dialog.
      onRefused: (error) => {
        showRefusal(this.d.log, { url: error.apiUrl ?? url, status: error.status, message: error.serverMessage });
        return true;
      },
    });
    return new vscode.DebugAdapterInlineImplementation(adapter);
  }

  /** A replay runs on the extension's driver too, pointed at the recording (the graph view shows it). */
  private replayAdapter(): vscode.DebugAdapterDescriptor {
    const d = this.d;
    const adapter = new LangGraphDebugSession({
      createClient: () => {
        throw new Error("A replay talks to no deployment.");
      },
      driver: d.driver,
      openRecording: async (file) => {
        const opened = await d.replays.open(file);
        d.driver.forget();
        d.replays.use(opened.client);
        d.log.info(`Replaying ${file}`);
        return opened;
      },
    });
    return new vscode.DebugAdapterInlineImplementation(adapter);
  }
}

/** The Python extension's configured interpreter, when it names one (its default "python" means PATH). */
function pythonInterpreter(folder: vscode.WorkspaceFolder | undefined): string | undefined {
  const configured = vscode.workspace.getConfiguration("python", folder).get<string>("defaultInterpreterPath");
  return configured && configured !== "python" ? configured : undefined;
}

/** Watches what the adapter tells VS Code: a stop on an interrupt enables "Resume with value…"; every stop shows in the graph view. */
class StopTracker implements vscode.DebugAdapterTracker {
  constructor(
    private readonly session: vscode.DebugSession,
    private readonly d: DebugDeps,
  ) {}

  /** The DAP conversation, at the log's trace level ("Developer: Set Log Level…"). */
  onWillReceiveMessage(message: { command?: string; arguments?: unknown }): void {
    this.d.log.trace(`DAP request ${message.command} ${JSON.stringify(message.arguments ?? {})}`);
  }

  onDidSendMessage(message: { type?: string; event?: string; body?: { reason?: string } }): void {
    if (message.type === "event") this.d.log.trace(`DAP event ${message.event} ${JSON.stringify(message.body ?? {})}`);
    if (message.type !== "event") return;
    if (message.event === "stopped") {
      void vscode.commands.executeCommand("setContext", ContextKeys.debugWaiting, message.body?.reason === "interrupt");
      void this.d.store.revealLatestStep();
    } else if (message.event === "continued" || message.event === "terminated" || message.event === "exited") {
      void vscode.commands.executeCommand("setContext", ContextKeys.debugWaiting, false);
    }
  }

  onWillStopSession(): void {
    void vscode.commands.executeCommand("setContext", ContextKeys.debugWaiting, false);
    this.d.log.info(`Debug session "${this.session.name}" ended`);
  }
}

/** The graph view marks the node of the selected stack frame (frames are named by node, `child › child_llm` inside a subgraph). */
async function followStackItem(item: vscode.DebugThread | vscode.DebugStackFrame | undefined, d: DebugDeps): Promise<void> {
  if (!item || item.session.type !== DEBUG_TYPE || !("frameId" in item)) return;
  try {
    const trace = (await item.session.customRequest("stackTrace", { threadId: item.threadId })) as { stackFrames: { id: number; name: string }[] };
    const frame = trace.stackFrames.find((f) => f.id === item.frameId);
    if (frame) d.store.focusNode(frame.name.split(" › ").join(":"));
  } catch (error) {
    d.log.warn(`Could not follow the selected frame: ${describeError(error)}`);
  }
}

/**
 * A click on a node in the graph selects its stack frame: VS Code offers no way to focus a frame by
 * id, so the Call Stack's own navigation commands move to it (top, then down to its index).
 */
async function focusFrameOf(node: string, log: vscode.LogOutputChannel): Promise<void> {
  const session = vscode.debug.activeDebugSession;
  const item = vscode.debug.activeStackItem;
  if (session?.type !== DEBUG_TYPE || !item || item.session !== session) return;
  try {
    const trace = (await session.customRequest("stackTrace", { threadId: item.threadId })) as { stackFrames: { name: string }[] };
    const index = trace.stackFrames.findIndex((f) => f.name.split(" › ").join(":") === node);
    if (index < 0) return;
    await vscode.commands.executeCommand("workbench.action.debug.callStackTop");
    for (let i = 0; i < index; i++) await vscode.commands.executeCommand("workbench.action.debug.callStackDown");
  } catch (error) {
    log.warn(`Could not select the frame of ${node}: ${describeError(error)}`);
  }
}

/** Asks for the answer to an `interrupt()`: the node's question as the prompt (plain text is sent as a string). */
async function askResumeValue(question: string): Promise<{ value: unknown } | undefined> {
  return askJsonValue("LangGraph: resume interrupt()", `The graph asks: ${question}. Type a JSON value (plain text is sent as a string).`);
}

/** The debug toolbar's "Resume with value…": answers the interrupt the session stopped on. */
async function resumeWithValue(log: vscode.LogOutputChannel): Promise<void> {
  const session = vscode.debug.activeDebugSession;
  if (session?.type !== DEBUG_TYPE) {
    void vscode.window.showWarningMessage("LangGraph: no LangGraph debug session is active.");
    return;
  }
  try {
    const { interrupts } = (await session.customRequest("interrupts")) as { interrupts: { id?: string; node?: string; question: string }[] };
    if (interrupts.length === 0) throw new Error("Nothing waits for an answer.");
    const pick =
      interrupts.length === 1
        ? interrupts[0]
        : (await vscode.window.showQuickPick(
            interrupts.map((i) => ({ label: i.node ?? i.question, description: i.node ? i.question : undefined, detail: i.id ? `id ${i.id}` : undefined, interrupt: i })),
            { title: "LangGraph: which interrupt to answer" },
          ))?.interrupt;
    if (!pick) return;
    const answer = await askResumeValue(pick.question);
    if (!answer) return;
    await session.customRequest("resume", { value: answer.value, interruptId: interrupts.length > 1 ? pick.id : undefined });
  } catch (error) {
    const message = describeError(error);
    log.error(`Resume with value failed: ${message}`);
    void vscode.window.showErrorMessage(`LangGraph: ${message}`);
  }
}
