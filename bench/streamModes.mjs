#!/usr/bin/env node
// Wire cost of the stream modes that tell a debugger when nodes start (`tasks`) and what the full
// state is after each superstep (`values`, `checkpoints`), on the real JS server and the sample graphs.
//   node bench/streamModes.mjs
// `values` with `stream_subgraphs: true` fails every run on JS server 2.0, so each set is measured
// without subgraphs, and with them where the server allows it.
import { startJsServer } from "../scripts/start-sample-server.mjs";

const RUNS = {
  agent: { messages: [{ role: "user", content: "What is the weather in Paris?" }] },
  fanout: { topic: "the report" },
  nested: { messages: [{ role: "user", content: "Hello from the parent graph" }] },
};
const MODE_SETS = [
  ["tasks"],
  ["values"],
  ["checkpoints"],
  ["tasks", "values"],
  ["tasks", "checkpoints"],
  ["updates", "messages-tuple", "tasks", "checkpoints", "custom"],
];

async function measure(url, graph, streamMode, subgraphs) {
  const thread = await (await fetch(`${url}/threads`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).json();
  const body = {
    assistant_id: graph,
    input: RUNS[graph],
    stream_mode: streamMode,
    stream_subgraphs: subgraphs,
    config: { configurable: { delay_ms: 0, tokens: 12 } },
  };
  const response = await fetch(`${url}/threads/${thread.thread_id}/runs/stream`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const events = text.match(/^event: /gm)?.length ?? 0;
  const failed = /^event: error$/m.test(text);
  return { bytes: Buffer.byteLength(text), events, failed };
}

const server = await startJsServer();
try {
  console.log("graph   subgraphs  modes                                               bytes  events");
  for (const graph of Object.keys(RUNS)) {
    for (const subgraphs of [false, true]) {
      for (const modes of MODE_SETS) {
        const { bytes, events, failed } = await measure(server.url, graph, modes, subgraphs);
        const cost = failed ? "run FAILS (error event)" : `${String(bytes).padStart(6)}  ${String(events).padStart(6)}`;
        console.log(`${graph.padEnd(8)}${String(subgraphs).padEnd(11)}${modes.join("+").padEnd(50)}${cost}`);
      }
    }
  }
} finally {
  await server.stop();
}
