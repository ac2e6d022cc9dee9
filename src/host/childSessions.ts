// A LangGraph debug session that started its own dev server (`"server": "start"`): the extension
// follows that server while the session runs, shows its output in an output channel, and attaches
// VS Code's debugger of the graphs' language as a child session, so a breakpoint on a line inside a
// node's function stops there (JS: the built-in JavaScript debugger on the Node inspector; Python:
// the Python Debugger extension on debugpy).
import * as vscode from "vscode";
import path from "node:path";
import { CHILD_ATTACHED_REQUEST, type ServerStarted } from "../debug/sessionServer";
import type { AttachedChildren } from "./attachedChildren";
import type { Deployment } from "./deployment";

const JS_DEBUG = "ms-vscode.js-debug";
const PYTHON_DEBUGGER = "ms-python.debugpy";

/** The started servers' output channel and the child sessions they get. */
export class ServerSessions implements vscode.Disposable {
  private channel: vscode.OutputChannel | undefined;
  /** LangGraph sessions (by id) whose server the deployment follows. */
  private readonly following = new Set<string>();
  /** The child sessions of each LangGraph session (by its id), stopped when it ends. */
  private readonly children = new Map<string, vscode.DebugSession[]>();
  private toldAboutPython = false;
  private readonly subscription: vscode.Disposable;
  /**
   * Whether each breakpoint is bound, per LangGraph session, in any session below it (js-debug binds
   * in a target session of its own under the attach session; the Python Debugger in the server's
   * subprocess session), read off their DAP messages.
   */
  private readonly bound = new Map<string, Map<string, boolean>>();
  private readonly tracker: vscode.Disposable;

  constructor(
    private readonly deployment: Deployment,
    private readonly log: vscode.LogOutputChannel,
    private readonly attachedChildren: AttachedChildren,
  ) {
    // The children's breakpoint answers and events: `getDebugProtocolBreakpoint` did not report js-debug's
    // late binding in code-server, these messages do.
    this.tracker = vscode.debug.registerDebugAdapterTrackerFactory("*", {
      createDebugAdapterTracker: (session) => {
        let root = session.parentSession;
        while (root?.parentSession) root = root.parentSession;
        // Only sessions below the attached one: debugpy's first session binds at once in the CLI's
        // process, which runs no graph; js-debug's attach session binds nothing itself.
        const states = root && session.parentSession !== root ? this.bound.get(root.id) : undefined;
        if (!states) return undefined;
        return {
          onDidSendMessage: (message: { type?: string; command?: string; event?: string; body?: { breakpoints?: { id?: number; verified?: boolean }[]; breakpoint?: { id?: number; verified?: boolean } } }) => {
            const list = message.type === "response" && message.command === "setBreakpoints" ? (message.body?.breakpoints ?? []) : message.type === "event" && message.event === "breakpoint" && message.body?.breakpoint ? [message.body.breakpoint] : [];
            for (const b of list) if (b.id !== undefined) states.set(`${session.id}:${b.id}`, b.verified === true);
          },
        };
      },
    });
    this.subscription = vscode.debug.onDidTerminateDebugSession((session) => {
      // A child stopped on its own (its Stop button): the lines inside the nodes' functions are the LangGraph session's again.
      const parent = session.parentSession;
      const siblings = parent && this.children.get(parent.id);
      if (parent && siblings?.some((s) => s.id === session.id)) {
        this.children.set(parent.id, siblings.filter((s) => s.id !== session.id));
        const language = session.type === "debugpy" ? "python" : "js";
        void parent.customRequest(CHILD_ATTACHED_REQUEST, { language, attached: false }).then(undefined, () => undefined);
        this.attachedChildren.detached(parent.id);
      }
      // A child that loses its server would try to reconnect (restart): the LangGraph session's end ends it.
      for (const child of this.children.get(session.id) ?? []) void vscode.debug.stopDebugging(child);
      this.children.delete(session.id);
      this.attachedChildren.detached(session.id);
      this.bound.delete(session.id);
      if (!this.following.delete(session.id)) return;
      if (this.following.size === 0) this.deployment.useForSession(undefined);
    });
  }

  /** Appends a started server's output to the "LangGraph dev server" channel. */
  output(text: string): void {
    this.channel ??= vscode.window.createOutputChannel("LangGraph dev server");
    this.channel.append(text);
  }

  /** The session's server answers: follow it, and attach the debugger of its graphs' code. */
  async started(session: vscode.DebugSession, server: ServerStarted): Promise<void> {
    this.following.add(session.id);
    this.deployment.useForSession(server.url);
    this.log.info(`Debug session "${session.name}" started langgraph dev (${server.kind}) at ${server.url}, process group ${server.pid}`);
    this.channel?.appendLine(`--- langgraph dev for ${server.project} at ${server.url} ---`);
    if (server.debugPort === undefined) return;
    const config = server.kind === "js" ? this.nodeAttach(server, server.debugPort) : this.pythonAttach(server, server.debugPort);
    if (!config) return;
    const options: vscode.DebugSessionOptions = { parentSession: session, lifecycleManagedByParent: true, compact: true, consoleMode: vscode.DebugConsoleMode.MergeWithParent };
    this.bound.set(session.id, new Map());
    const child = childOf(session, 5_000);
    if (!(await vscode.debug.startDebugging(session.workspaceFolder, config, options))) throw new Error(`VS Code did not start the ${config.type} session on port ${server.debugPort}.`);
    const attached = await child;
    if (!attached) return;
    this.children.set(session.id, [attached]);
    // Lines inside the nodes' functions are the child's now: the LangGraph session keeps only their first lines (before the node).
    await session.customRequest(CHILD_ATTACHED_REQUEST, { language: server.kind }).then(undefined, (error: unknown) => this.log.warn(`${CHILD_ATTACHED_REQUEST}: ${String(error)}`));
    this.attachedChildren.attached(session.id, server.kind);
    const started = Date.now();
    const bound = await this.boundIn(session, server.project);
    if (bound) this.log.info(`${attached.name}: ${bound.verified} of ${bound.of} line breakpoints in ${server.project} bound after ${Date.now() - started} ms`);
  }

  /** The built-in JavaScript debugger on the inspector of the process that runs the graphs. */
  private nodeAttach(server: ServerStarted, port: number): vscode.DebugConfiguration | undefined {
    if (!vscode.extensions.getExtension(JS_DEBUG)) {
      void vscode.window.showWarningMessage(`LangGraph: breakpoints inside your nodes' code need VS Code's built-in JavaScript debugger (${JS_DEBUG}), which is disabled or missing. Node breakpoints work without it.`);
      return undefined;
    }
    return {
      type: "node",
      request: "attach",
      name: "LangGraph graphs (Node)",
      address: "127.0.0.1",
      port,
      // The CLI's tsx runs the graphs from their .ts sources with inline source maps.
      sourceMaps: true,
      resolveSourceMapLocations: [`${server.project}/**`, "!**/node_modules/**"],
      skipFiles: ["<node_internals>/**", "**/node_modules/**"],
      // A hot reload restarts the process on the same port: attach again.
      restart: true,
      autoAttachChildProcesses: false,
    };
  }

  /** The Python Debugger extension on debugpy (it follows the server's subprocesses itself). */
  private pythonAttach(server: ServerStarted, port: number): vscode.DebugConfiguration | undefined {
    if (!vscode.extensions.getExtension(PYTHON_DEBUGGER)) {
      if (!this.toldAboutPython) {
        this.toldAboutPython = true;
        void vscode.window.showInformationMessage(`LangGraph: to stop on lines inside your Python nodes, install the Python Debugger extension (${PYTHON_DEBUGGER}). Node breakpoints work without it.`, "Show extension").then((pick) => {
          if (pick) void vscode.commands.executeCommand("workbench.extensions.search", PYTHON_DEBUGGER);
        });
      }
      return undefined;
    }
    return { type: "debugpy", request: "attach", name: "LangGraph graphs (Python)", connect: { host: "127.0.0.1", port }, justMyCode: true, cwd: server.project };
  }

  /**
   * Waits (10 s at most) until the child session has bound as many breakpoints as the project's files
   * hold: the debugger attaches to a process that loaded thousands of scripts, and the first run must
   * not pass a breakpoint it is still binding.
   */
  private async boundIn(langgraph: vscode.DebugSession, project: string): Promise<{ verified: number; of: number } | undefined> {
    const of = vscode.debug.breakpoints.filter((b) => b instanceof vscode.SourceBreakpoint && b.enabled && b.location.uri.fsPath.startsWith(project + path.sep)).length;
    if (of === 0) return undefined;
    const verified = () => [...(this.bound.get(langgraph.id)?.values() ?? [])].filter(Boolean).length;
    for (const deadline = Date.now() + 10_000; verified() < of && Date.now() < deadline; ) await sleep(100);
    return { verified: verified(), of };
  }

  dispose(): void {
    this.tracker.dispose();
    for (const list of this.children.values()) for (const child of list) void vscode.debug.stopDebugging(child);
    this.subscription.dispose();
    this.channel?.dispose();
  }
}

/** The next session started as a child of `parent` within `timeoutMs`. */
function childOf(parent: vscode.DebugSession, timeoutMs: number): Promise<vscode.DebugSession | undefined> {
  return new Promise((resolve) => {
    const done = (session: vscode.DebugSession | undefined) => {
      clearTimeout(timer);
      listener.dispose();
      resolve(session);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    const listener = vscode.debug.onDidStartDebugSession((session) => {
      if (session.parentSession?.id === parent.id) done(session);
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
