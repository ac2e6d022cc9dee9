// The graphs a workspace declares in its langgraph.json files (`graphs: {"agent": "./src/agent.ts:graph"}`),
// for launch configurations. A langgraph.json in a subfolder counts too; node_modules and virtualenvs do not.
import * as vscode from "vscode";

/** Graph ids of the langgraph.json files under `folder` (all workspace folders when absent), in file order. */
export async function workspaceGraphs(folder: vscode.WorkspaceFolder | undefined): Promise<string[]> {
  const pattern = folder ? new vscode.RelativePattern(folder, "**/langgraph.json") : "**/langgraph.json";
  const files = await vscode.workspace.findFiles(pattern, "{**/node_modules/**,**/.venv/**,**/.langgraph_api/**}", 10);
  const graphs: string[] = [];
  for (const file of files.sort((a, b) => a.path.length - b.path.length)) {
    try {
      const config = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as { graphs?: Record<string, unknown> };
      for (const id of Object.keys(config.graphs ?? {})) if (!graphs.includes(id)) graphs.push(id);
    } catch {
      // A langgraph.json that does not parse names no graphs; the server will say what is wrong with it.
    }
  }
  return graphs;
}
