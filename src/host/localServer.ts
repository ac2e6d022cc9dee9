import * as vscode from "vscode";
import * as path from "node:path";

/**
 * Starts `langgraph dev` for a `langgraph.json` of the workspace in a terminal, on the port of the
 * configured URL: the JS CLI for a LangGraph.js project, the Python CLI otherwise.
 */
export async function startLocalServer(deploymentUrl: string): Promise<boolean> {
  const configs = await vscode.workspace.findFiles("**/langgraph.json", "**/node_modules/**", 20);
  if (configs.length === 0) {
    void vscode.window.showErrorMessage("LangGraph: no langgraph.json in this workspace. Open your LangGraph project, or set langgraphDebugger.deploymentUrl to a running deployment.");
    return false;
  }
  const config = configs.length === 1 ? configs[0] : (await vscode.window.showQuickPick(configs.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), { title: "LangGraph: which project?" }))?.uri;
  if (!config) return false;
  const folder = path.dirname(config.fsPath);
  const manifest = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(config))) as { node_version?: string };
  const url = new URL(deploymentUrl);
  const port = url.port || "2024";
  const host = url.hostname === "localhost" ? "127.0.0.1" : url.hostname;
  const isJs = manifest.node_version !== undefined;
  const command = isJs
    ? `npx @langchain/langgraph-cli dev --port ${port} --host ${host} --no-browser`
    : `langgraph dev --port ${port} --host ${host} --no-browser`;
  const terminal = vscode.window.createTerminal({ name: "LangGraph dev server", cwd: folder, env: { LANGSMITH_TRACING: "false" } });
  terminal.show(true);
  terminal.sendText(command);
  return true;
}
