// The sample graphs of examples/js and examples/python, as the servers draw them, for tests that need no server.
import type { GraphData } from "../../src/engine/model";

/** The sample graphs of examples/js as `/assistants/{id}/graph?xray=true` shows them. */
export const SAMPLE_GRAPHS: Record<string, GraphData> = {
  agent: {
    nodes: [{ id: "__start__" }, { id: "agent" }, { id: "tools" }, { id: "__end__" }],
    edges: [
      { source: "__start__", target: "agent" },
      { source: "agent", target: "tools", conditional: true },
      { source: "agent", target: "__end__", conditional: true },
      { source: "tools", target: "agent" },
    ],
  },
  nested: {
    nodes: [{ id: "__start__" }, { id: "prepare" }, { id: "child:child_step" }, { id: "child:child_llm" }, { id: "finish" }, { id: "__end__" }],
    edges: [
      { source: "__start__", target: "prepare" },
      { source: "prepare", target: "child:child_step" },
      { source: "child:child_step", target: "child:child_llm" },
      { source: "child:child_llm", target: "finish" },
      { source: "finish", target: "__end__" },
    ],
  },
  fanout: {
    nodes: [{ id: "__start__" }, { id: "split" }, { id: "left" }, { id: "right" }, { id: "join" }, { id: "__end__" }],
    edges: [
      { source: "__start__", target: "split" },
      { source: "split", target: "left" },
      { source: "split", target: "right" },
      { source: "left", target: "join" },
      { source: "right", target: "join" },
      { source: "join", target: "__end__" },
    ],
  },
  hitl: {
    nodes: [{ id: "__start__" }, { id: "draft" }, { id: "review" }, { id: "publish" }, { id: "__end__" }],
    edges: [
      { source: "__start__", target: "draft" },
      { source: "draft", target: "review" },
      { source: "review", target: "publish" },
      { source: "publish", target: "__end__" },
    ],
  },
  broken: {
    nodes: [{ id: "__start__" }, { id: "prepare" }, { id: "explode" }, { id: "__end__" }],
    edges: [
      { source: "__start__", target: "prepare" },
      { source: "prepare", target: "explode" },
      { source: "explode", target: "__end__" },
    ],
  },
  memory: {
    nodes: [{ id: "__start__" }, { id: "remember" }, { id: "recall" }, { id: "__end__" }],
    edges: [
      { source: "__start__", target: "remember" },
      { source: "remember", target: "recall" },
      { source: "recall", target: "__end__" },
    ],
  },
  approvals: {
    nodes: [{ id: "__start__" }, { id: "legal" }, { id: "finance" }, { id: "sign" }, { id: "archive" }, { id: "__end__" }],
    edges: [
      { source: "__start__", target: "legal" },
      { source: "__start__", target: "finance" },
      { source: "archive", target: "__end__" },
      { source: "finance", target: "sign" },
      { source: "legal", target: "sign" },
      { source: "sign", target: "archive", conditional: true },
      { source: "sign", target: "__end__", conditional: true },
    ],
  },
};

/** The id of the flow's node `i`: the 8th to 10th of every ten sit in a subgraph of three (`subN:stepI`). */
export const flowId = (i: number) => (i % 10 >= 7 ? `sub${Math.floor(i / 10)}:step${i}` : `node${i}`);

/**
 * A generated flow of `size` nodes, for big-graph layout tests: each from one of the four before it,
 * some skipping ahead, conditional edges, a subgraph of three every ten nodes, and a loop from near
 * the end back to the first node.
 */
export function flow(size: number): GraphData {
  const ids = Array.from({ length: size }, (_, i) => flowId(i));
  const edges: GraphData["edges"] = [{ source: "__start__", target: ids[0] }];
  for (let i = 1; i < size; i++) {
    edges.push({ source: ids[i - 1 - ((i * 7) % 4 === 0 ? 0 : (i * 7) % Math.min(i, 4))], target: ids[i], conditional: i % 5 === 0 });
    if (i > 6 && i % 3 === 0) edges.push({ source: ids[i - 5 - (i % 3)], target: ids[i] });
  }
  edges.push({ source: ids[size - 2], target: ids[0] }, { source: ids[size - 1], target: "__end__" });
  return { nodes: [{ id: "__start__" }, ...ids.map((id) => ({ id })), { id: "__end__" }], edges };
}
