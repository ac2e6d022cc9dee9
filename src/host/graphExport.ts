// Export graph: asks the format, and saves what the graph view made (SVG, PNG, Mermaid) where the
// person says. The view draws the export (it has the layout and the theme's colours).
import * as vscode from "vscode";
import type { LangGraphApi } from "../engine/client";
import type { ExportedGraphMessage, ExportFormat } from "../shared/protocol";

const FORMATS: Record<ExportFormat, { label: string; detail: string; extension: string; filter: string }> = {
  svg: { label: "SVG image", detail: "The graph as drawn, with the run's node statuses, in the current theme's colours", extension: "svg", filter: "SVG image" },
  png: { label: "PNG image", detail: "The same picture as pixels (twice the on-screen resolution)", extension: "png", filter: "PNG image" },
  mermaid: { label: "Mermaid diagram", detail: "flowchart text for Markdown, GitHub or mermaid.live, statuses as classes", extension: "mmd", filter: "Mermaid diagram" },
};

/** The format to export in, from a quick pick; undefined when dismissed. */
export async function pickExportFormat(): Promise<ExportFormat | undefined> {
  const items = (Object.keys(FORMATS) as ExportFormat[]).map((format) => ({ label: FORMATS[format].label, detail: FORMATS[format].detail, format }));
  const picked = await vscode.window.showQuickPick(items, { title: "LangGraph: export graph", placeHolder: "Export the graph as" });
  return picked?.format;
}

/** Whether `value` names an export format (command arguments come from anywhere). */
export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === "string" && value in FORMATS;
}

/** A file name for the shown assistant's graph: its graph id when the deployment says, else "graph". */
export async function exportBaseName(client: LangGraphApi, assistantId: string | undefined): Promise<string> {
  if (!assistantId) return "graph";
  const assistant = await client.assistants.get(assistantId).catch(() => undefined);
  const name = assistant?.graph_id || assistant?.name || "graph";
  return name.replace(/[^\w.-]+/g, "-");
}

/** Asks where to save the view's export and writes it; returns where it went (undefined: dismissed). */
export async function saveExport(message: ExportedGraphMessage, baseName: string): Promise<vscode.Uri | undefined> {
  const format = FORMATS[message.format];
  if ("error" in message) throw new Error(`Could not export the graph as ${format.label}: ${message.error}`);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = `${baseName}.${format.extension}`;
  const uri = await vscode.window.showSaveDialog({
    title: `LangGraph: save the graph as ${format.label}`,
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: { [format.filter]: [format.extension] },
    saveLabel: "Export",
  });
  if (!uri) return undefined;
  const bytes = message.encoding === "base64" ? Buffer.from(message.data, "base64") : Buffer.from(message.data, "utf8");
  await vscode.workspace.fs.writeFile(uri, bytes);
  void vscode.window.showInformationMessage(`Graph exported to ${vscode.workspace.asRelativePath(uri)}.`);
  return uri;
}
