// Edits the hot-reload tests make to the fanout sample in a server's temp copy of its project
// (RunningServer.projectDir): the same meaning in both languages.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { RunningServer } from "./serverProcess";

type Edit = readonly [from: string, to: string];

/** The fanout graph's file in the project, and its edits. */
export const FANOUT = {
  js: {
    file: "src/fanout.ts",
    /** `split` writes `reloaded <topic>`. */
    renameTopic: ["return { topic: state.topic || \"sample work\" };", "return { topic: `reloaded ${state.topic}` };"],
    /** A node `extra` after `join`, writing `summary: "extra ran"`. */
    addExtra: ['.addEdge("join", END)', '.addNode("extra", () => ({ summary: "extra ran" }))\n  .addEdge("join", "extra")\n  .addEdge("extra", END)'],
    /** `join` writes `Rejoined …`. */
    renameJoin: ["`Joined ${", "`Rejoined ${"],
  },
  python: {
    file: "sample_graphs/fanout.py",
    renameTopic: ['return {"topic": state.get("topic") or "sample work"}', 'return {"topic": "reloaded " + state["topic"]}'],
    addExtra: ['.add_edge("join", END)', '.add_node("extra", lambda state: {"summary": "extra ran"})\n    .add_edge("join", "extra")\n    .add_edge("extra", END)'],
    renameJoin: ['f"Joined {', 'f"Rejoined {'],
  },
} as const satisfies Record<RunningServer["kind"], { file: string; renameTopic: Edit; addExtra: Edit; renameJoin: Edit }>;

/** Applies edits to the served fanout file (each must match); returns the file's path. */
export async function editFanout(server: RunningServer, ...edits: Edit[]): Promise<string> {
  const file = path.join(server.projectDir, FANOUT[server.kind].file);
  let text = await readFile(file, "utf8");
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
    text = text.replace(from, to);
  }
  await writeFile(file, text);
  return file;
}
