#!/usr/bin/env node
/**
 * Record what both sample servers return when the Threads view and the thread picker list a
 * deployment, for unit tests of the rows: the assistants, `POST /threads/search` after runs
 * whose first user message comes in each shape a client may send (plain text, a list of content
 * blocks, LangChain's serialized HumanMessage, no messages at all), and the history of a thread
 * that was re-run from a checkpoint and forked with a state edit.
 *
 *   node scripts/capture-threads.mjs     # → test/fixtures/{js,python}/threads.json
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadTsModule } from "./loadTs.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const userSays = (content) => ({ messages: [{ role: "user", content }] });
/** LangChain's serialized form (`dumpd(HumanMessage(...))`), as a Python or JS client may send it. */
const serializedHuman = (content) => ({
  messages: [{ lc: 1, type: "constructor", id: ["langchain_core", "messages", "HumanMessage"], kwargs: { content } }],
});

/** The runs made, in order (the search lists them newest first). */
const RUNS = [
  { key: "text", assistant: "agent", input: userSays("What is the weather in Paris?") },
  { key: "blocks", assistant: "agent", input: userSays([{ type: "text", text: "Weather in Rome,\nplease — and tomorrow's too?" }]) },
  { key: "serialized", assistant: "agent", input: serializedHuman("Serialized: is it sunny in Oslo?") },
  { key: "noMessages", assistant: "fanout", input: { topic: "the report" } },
  { key: "hitl", assistant: "hitl", input: { topic: "visual debugging" } },
];

async function request(base, method, route, body) {
  const response = await fetch(`${base}${route}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} → ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function captureFrom(server) {
  const call = (method, route, body) => request(server.url, method, route, body);
  const threadIds = {};
  for (const run of RUNS) {
    const thread = await call("POST", "/threads", {});
    threadIds[run.key] = thread.thread_id;
    await call("POST", `/threads/${thread.thread_id}/runs/wait`, { assistant_id: run.assistant, input: run.input });
  }
  // A thread that never ran.
  threadIds.empty = (await call("POST", "/threads", {})).thread_id;

  // Time travel on the first thread: re-run from the checkpoint before `tools`, then a state edit off it.
  const first = threadIds.text;
  const before = await call("GET", `/threads/${first}/history?limit=50`);
  const beforeTools = before.find((h) => h.next.length === 1 && h.next[0] === "tools");
  if (!beforeTools) throw new Error("no checkpoint before tools in the agent's history");
  const forkFrom = beforeTools.checkpoint.checkpoint_id;
  await call("POST", `/threads/${first}/runs/wait`, { assistant_id: "agent", input: null, checkpoint_id: forkFrom });
  const lastMessage = beforeTools.values.messages.at(-1);
  const edited = { ...lastMessage, tool_calls: lastMessage.tool_calls.map((c) => ({ ...c, args: { city: "Berlin" } })) };
  const update = await call("POST", `/threads/${first}/state`, { values: { messages: [edited] }, as_node: "agent", checkpoint_id: forkFrom });
  await call("POST", `/threads/${first}/runs/wait`, {
    assistant_id: "agent",
    input: null,
    checkpoint_id: update.checkpoint.checkpoint_id,
  });

  return {
    threadIds,
    forkedFrom: forkFrom,
    assistants: await call("POST", "/assistants/search", {}),
    threads: await call("POST", "/threads/search", { limit: 50 }),
    history: await call("GET", `/threads/${first}/history?limit=200`),
  };
}

async function main() {
  const { startServer } = await loadTsModule("test/support/servers.ts");
  for (const kind of ["js", "python"]) {
    const server = await startServer(kind);
    try {
      const captured = { server: kind, ...(await captureFrom(server)) };
      const file = path.join(repoRoot, "test", "fixtures", kind, "threads.json");
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(captured, null, 2)}\n`);
      console.log(`capture-threads: ${path.relative(repoRoot, file)}: ${captured.threads.length} threads, ${captured.history.length} checkpoints`);
    } finally {
      await server.stop();
    }
  }
}

await main();
