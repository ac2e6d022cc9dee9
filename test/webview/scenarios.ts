// Sample graphs and hand-built event sequences shaped like the JS server's streams
// (see /work/shared/SERVER-FACTS.md): tasks events per node, `child:<task id>` namespaces
// for subgraph events, messages-tuple tokens with tool_call_chunks, interrupts.
import type { GraphData, Namespace, RunEvent, Superstep } from "../../src/engine/model";
import type { HostDraft } from "./hostStatuses";

/** A graph with a parallel fan-out, an xray subgraph (`child:*`) and an agent/tools loop. */
export const DEMO_GRAPH: GraphData = {
  nodes: [
    { id: "__start__", type: "schema" },
    { id: "prepare", type: "runnable" },
    { id: "research_a", type: "runnable" },
    { id: "research_b", type: "runnable" },
    { id: "child:child_step", type: "runnable" },
    { id: "child:child_llm", type: "runnable" },
    { id: "agent", type: "runnable" },
    { id: "tools", type: "runnable" },
    { id: "__end__", type: "schema" },
  ],
  edges: [
    { source: "__start__", target: "prepare" },
    { source: "prepare", target: "research_a" },
    { source: "prepare", target: "research_b" },
    { source: "research_a", target: "child:child_step" },
    { source: "research_b", target: "child:child_step" },
    { source: "child:child_step", target: "child:child_llm" },
    { source: "child:child_llm", target: "agent" },
    { source: "agent", target: "tools", conditional: true },
    { source: "agent", target: "__end__", conditional: true },
    { source: "tools", target: "agent" },
  ],
};

let clock = 1_700_000_000_000;

/** Builds events with increasing timestamps. */
export const ev = {
  taskStart: (node: string, taskId: string, ns: Namespace = [], step = 1): RunEvent => ({ kind: "taskStart", node, taskId, ns, step, triggers: [], input: {}, receivedAt: clock++ }),
  taskDone: (node: string, taskId: string, ns: Namespace = [], result: Record<string, unknown> = {}): RunEvent => ({
    kind: "taskResult", node, taskId, ns, result, error: null, interrupts: [], receivedAt: clock++,
  }),
  taskError: (node: string, taskId: string, message: string): RunEvent => ({
    kind: "taskResult", node, taskId, ns: [], result: null, error: { name: "Error", message }, interrupts: [], receivedAt: clock++,
  }),
  taskInterrupted: (node: string, taskId: string, value: unknown, ns: Namespace = []): RunEvent => ({
    kind: "taskResult", node, taskId, ns, result: null, error: null, interrupts: [{ id: "int-1", value, ns }], receivedAt: clock++,
  }),
  token: (node: string, messageId: string, text: string, ns: Namespace = [], toolCallChunks: { index: number; id?: string; name?: string; args?: string }[] = []): RunEvent => ({
    kind: "token", node, messageId, text, ns, role: "ai", toolCallChunks, receivedAt: clock++,
  }),
  toolResult: (node: string, messageId: string, text: string): RunEvent => ({
    kind: "token", node, messageId, text, ns: [], role: "tool", toolCallChunks: [], receivedAt: clock++,
  }),
  update: (node: string, values: unknown, ns: Namespace = []): RunEvent => ({ kind: "update", node, values, ns, receivedAt: clock++ }),
};

/** A message as it appears in state. */
export function stateMessage(id: string, type: string, content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, type, content, ...extra };
}

/** A superstep with its state before/after and a diff listing `messages[n]` appends and a changed key. */
export function superstep(step: number, nodes: string[], before: Record<string, unknown>, after: Record<string, unknown>, diff: Superstep["diff"]): Superstep {
  return {
    step,
    ns: [],
    nodes: nodes.map((node, i) => ({ node, taskId: `t${step}-${i}`, ns: [], messages: [], interrupts: [] })),
    stateBefore: before,
    stateAfter: after,
    diff,
  };
}

/** Host messages that start a run on the demo graph. */
export function startDemo(): HostDraft[] {
  return [
    { type: "graph", assistantId: "agent", graph: DEMO_GRAPH },
    { type: "breakpoints", breakpoints: { before: [], after: [] } },
    { type: "runStarted", run: { threadId: "thread-1", assistantId: "agent" } },
  ];
}

/** Events up to the middle of the demo run: prepare done, both researchers running, tokens streaming. */
export function midRunEvents(): RunEvent[] {
  return [
    ev.taskStart("prepare", "tp"),
    ev.token("prepare", "run-m1", "Planning the research…"),
    ev.taskDone("prepare", "tp"),
    ev.taskStart("research_a", "ta", [], 2),
    ev.taskStart("research_b", "tb", [], 2),
    ev.token("research_a", "run-ma", "Looking into weather "),
    ev.token("research_b", "run-mb", "Checking the news "),
    ev.token("research_a", "run-ma", "patterns in Paris."),
  ];
}
