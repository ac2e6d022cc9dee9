// A LangGraph debug session that started its own dev server (`"server": "start"`): the extension
// follows that server while the session runs, shows its output in an output channel, and attaches
// VS Code's debugger of the graphs' language as a child session, so a breakpoint on a line inside a
// node's function stops there (JS: the built-in JavaScript debugger on the Node inspector; Python:
// the Python Debugger extension on debugpy).
import * as vscode from "vscode";
import type { ServerStarted } from "../debug/sessionServer";
import type { Deployment } from "./deployment";

const JS_DEBUG = "ms-vscode.js-debug";
const PYTHON_DEBUGGER = "ms-python.debugpy";

/** The started servers' output channel and the child sessions they get. */
export class ServerSessions implements vscode.Disposable {
  private channel: vscode.OutputChannel | undefined;
  /** LangGraph sessions (by id) whose server the deployment follows. */
  private readonly following = new Set<string>();
  private toldAboutPython = false;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly deployment: Deployment,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = vscode.debug.onDidTerminateDebugSession((session) => {
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
    if (!(await vscode.debug.startDebugging(session.workspaceFolder, config, options))) throw new Error(`VS Code did not start the ${config.type} session on port ${server.debugPort}.`);
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

  dispose(): void {
    this.subscription.dispose();
    this.channel?.dispose();
  }
}
