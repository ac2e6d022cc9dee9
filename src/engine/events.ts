// SSE messages from `runs/stream` → typed RunEvents. One JSON.parse per message; nothing else is kept.
import { contentText, readMessage } from "./messageFields";
import type { InterruptInfo, Namespace, RunEvent, SseMessage } from "./model";

type Obj = Record<string, unknown>;
// Events copy these fields one by one instead of spreading `base`: on V8 the spread made building a
// token event ~5 µs, three times the cost of JSON.parse of its 1.4 KB (measured, see bench/).
type Base = { eventId?: string; ns: Namespace; receivedAt: number };
type ToolCallChunk = { index: number; id?: string; name?: string; args?: string };

const ROOT_NS: Namespace = [];

/** Splits an SSE event name `mode|node:task_id|…` into the stream mode and the subgraph namespace. */
export function splitEventName(name: string): { mode: string; ns: Namespace } {
  const bar = name.indexOf("|");
  if (bar < 0) return { mode: name, ns: ROOT_NS };
  return { mode: name.slice(0, bar), ns: name.slice(bar + 1).split("|") };
}

/** The task id inside a checkpoint namespace such as `child:<id>|child_llm:<id>` (its last segment). */
export function taskIdOfCheckpointNs(checkpointNs: unknown): string | undefined {
  if (typeof checkpointNs !== "string" || checkpointNs === "") return undefined;
  const last = checkpointNs.slice(checkpointNs.lastIndexOf("|") + 1);
  const colon = last.indexOf(":");
  return colon < 0 ? undefined : last.slice(colon + 1);
}

/**
 * Turns one SSE message into the run events it carries (usually one; an `updates` event names one
 * event per node). Malformed JSON becomes an `unknown` event with `problem` set and the raw text kept.
 */
export function parseSseMessage(msg: SseMessage, receivedAt: number = Date.now()): RunEvent[] {
  const { mode, ns } = splitEventName(msg.event);
  const base: Base = { eventId: msg.id, ns, receivedAt };
  if (mode === "end") return [{ kind: "end", eventId: msg.id, ns, receivedAt }];
  let data: unknown;
  let tuple: MessageTuple | undefined;
  try {
    if (mode === "messages" && msg.data !== "") tuple = parseMessageTuple(msg.data);
    else data = msg.data === "" ? null : JSON.parse(msg.data);
  } catch (err) {
    const problem = `Malformed JSON in SSE event "${msg.event}"${msg.id ? ` (id ${msg.id})` : ""}: ${(err as Error).message}`;
    return [{ kind: "unknown", eventId: base.eventId, ns: base.ns, receivedAt: base.receivedAt, event: msg.event, data: msg.data, problem }];
  }
  switch (mode) {
    case "metadata":
      return [metadataEvent(base, data)];
    case "messages":
      return [messageTupleEvent(base, tuple ?? tupleOf(data))];
    case "updates":
      return updateEvents(base, data);
    case "values":
      return [valuesEvent(base, data)];
    case "tasks":
      return [taskEvent(base, asObj(data))];
    case "checkpoints":
      return [checkpointEvent(base, asObj(data))];
    case "debug":
      return [debugEvent(base, msg.event, asObj(data))];
    case "custom":
      return [{ kind: "custom", eventId: base.eventId, ns: base.ns, receivedAt: base.receivedAt, data }];
    case "error":
      return [errorEvent(base, data)];
    default:
      return [{ kind: "unknown", eventId: base.eventId, ns: base.ns, receivedAt: base.receivedAt, event: msg.event, data }];
  }
}

function asObj(value: unknown): Obj {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Obj) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Reads an interrupt list: JS `{id, value}` or Python `{value, interrupt_id, ns, …}` items. */
export function parseInterrupts(value: unknown, ns: Namespace, node?: string): InterruptInfo[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => {
    const it = asObj(item);
    const id = str(it.id) ?? str(it.interrupt_id);
    const info: InterruptInfo = id === undefined ? { value: it.value, ns } : { id, value: it.value, ns };
    if (node !== undefined) info.node = node;
    const schema = it.response_schema;
    if (schema && typeof schema === "object" && !Array.isArray(schema)) info.responseSchema = schema as Record<string, unknown>;
    return info;
  });
}

function metadataEvent(base: Base, data: unknown): RunEvent {
  const d = asObj(data);
  return { kind: "metadata", eventId: base.eventId, ns: base.ns, receivedAt: base.receivedAt, runId: str(d.run_id) ?? "", attempt: num(d.attempt) };
}

function updateEvents(base: Base, data: unknown): RunEvent[] {
  const events: RunEvent[] = [];
  const d = asObj(data);
  // Python marks the writes of a node that finished in an earlier run (replayed while another resumes).
  const cached = asObj(d.__metadata__).cached === true;
  for (const [node, values] of Object.entries(d)) {
    if (node === "__metadata__") continue;
    if (node === "__interrupt__") events.push({ kind: "interrupt", eventId: base.eventId, ns: base.ns, receivedAt: base.receivedAt, interrupts: parseInterrupts(values, base.ns) });
    else events.push({ kind: "update", eventId: base.eventId, ns: base.ns, receivedAt: base.receivedAt, node, values, ...(cached ? { cached } : {}) });
  }
  return events;
}

function valuesEvent(base: Base, data: unknown): RunEvent {
  const d = asObj(data);
  // When the run pauses, `values` carries the interrupt instead of the state.
  if (Array.isArray(d.__interrupt__) && Object.keys(d).length === 1) {
    return { kind: "interrupt", eventId: base.eventId, ns: base.ns, receivedAt: base.receivedAt, interrupts: parseInterrupts(d.__interrupt__, base.ns) };
  }
  return { kind: "values", eventId: base.eventId, ns: base.ns, receivedAt: base.receivedAt, values: data };
}

/** A `messages` event's data, `[chunk, metadata]`, with what the metadata says about its origin. */
interface MessageTuple {
  chunk: unknown;
  origin: TupleOrigin;
  data: unknown;
}

/** The node, step and task that streamed a message, read from the event's metadata. */
interface TupleOrigin {
  metadata: unknown;
  node: string;
  step: number | undefined;
  taskId: string | undefined;
}

function tupleOf(data: unknown): MessageTuple {
  const [chunk, metadata] = Array.isArray(data) ? data : [data, undefined];
  return { chunk, origin: originOf(metadata), data };
}

function originOf(metadata: unknown): TupleOrigin {
  const m = asObj(metadata);
  const taskId = taskIdOfCheckpointNs(m.langgraph_checkpoint_ns) ?? str(m.__pregel_task_id);
  return { metadata, node: str(m.langgraph_node) ?? "", step: num(m.langgraph_step), taskId };
}

// Every token of a message repeats the same ~1 KB of metadata, two thirds of the stream's bytes. The
// last metadata text and its reading are kept, so a token with the same text skips parsing it again.
let lastMetadataText = "";
let lastOrigin: TupleOrigin | undefined;

/**
 * Parses `messages` data; throws as JSON.parse does. The JS server pretty-prints `[chunk, metadata]`,
 * and a raw line break cannot occur inside a JSON string, so "\n  },\n  {" can only be where the
 * first element ends and the second starts. Should that guess be wrong (other indentation), parsing
 * the first part fails and the whole text is parsed as usual (also for one-line Python data).
 */
function parseMessageTuple(text: string): MessageTuple {
  const split = text.charCodeAt(0) === 0x5b && text.charCodeAt(text.length - 1) === 0x5d ? text.indexOf("\n  },\n  {") : -1;
  if (split > 0) {
    try {
      const chunk: unknown = JSON.parse(text.slice(1, split + 4));
      const metadataText = text.slice(split + 6, text.length - 1);
      if (metadataText !== lastMetadataText || !lastOrigin) {
        lastOrigin = originOf(JSON.parse(metadataText));
        lastMetadataText = metadataText;
      }
      return { chunk, origin: lastOrigin, data: [chunk, lastOrigin.metadata] };
    } catch {
      // Not the expected layout after all: the whole parse below decides (and words any error).
    }
  }
  return tupleOf(JSON.parse(text));
}

function messageTupleEvent(base: Base, tuple: MessageTuple): RunEvent {
  const { node, step, taskId } = tuple.origin;
  const message = readMessage(tuple.chunk);
  if (!message) {
    return { kind: "unknown", eventId: base.eventId, ns: base.ns, receivedAt: base.receivedAt, event: "messages", data: tuple.data, problem: "messages event without a message" };
  }
  const f = message.fields;
  if (message.role !== "ai") {
    return { kind: "message", eventId: base.eventId, ns: base.ns, receivedAt: base.receivedAt, node, message: { ...f, type: message.role }, step, taskId };
  }
  return {
    kind: "token",
    eventId: base.eventId,
    ns: base.ns,
    receivedAt: base.receivedAt,
    node,
    messageId: str(f.id) ?? "",
    text: contentText(f.content),
    toolCallChunks: toolCallChunksOf(f),
    role: "ai",
    step,
    taskId,
  };
}

/**
 * Tool call pieces of an AI chunk. Only `tool_call_chunks` are trusted: the server's `tool_calls` on
 * chunks are unreliable (empty args first, then "Malformed args."). A whole, non-chunk AI message
 * without chunks contributes its complete `tool_calls` instead.
 */
function toolCallChunksOf(f: Obj): ToolCallChunk[] {
  if (Array.isArray(f.tool_call_chunks) && f.tool_call_chunks.length > 0) {
    return f.tool_call_chunks.map((c, position) => {
      const chunk = asObj(c);
      return { index: num(chunk.index) ?? position, id: str(chunk.id), name: str(chunk.name), args: str(chunk.args) };
    });
  }
  if (Array.isArray(f.tool_calls) && f.tool_calls.length > 0 && !Array.isArray(f.tool_call_chunks)) {
    return f.tool_calls.map((c, index) => {
      const call = asObj(c);
      return { index, id: str(call.id), name: str(call.name), args: JSON.stringify(call.args ?? {}) };
    });
  }
  return [];
}

function taskEvent(base: Base, d: Obj, step?: number): RunEvent {
  const taskId = str(d.id) ?? "";
  const node = str(d.name) ?? "";
  if ("result" in d || "error" in d) {
    const err = d.error ? asObj(d.error) : null;
    return {
      kind: "taskResult",
      eventId: base.eventId,
      ns: base.ns,
      receivedAt: base.receivedAt,
      taskId,
      node,
      result: resultObject(d.result),
      // JS: `{message, name}`; Python: `{error: <exception class>, message}`.
      error: err ? { name: str(err.name) ?? str(err.error) ?? "Error", message: str(err.message) ?? JSON.stringify(d.error) } : null,
      interrupts: parseInterrupts(d.interrupts, base.ns, node),
    };
  }
  const metadata = asObj(d.metadata);
  return {
    kind: "taskStart",
    eventId: base.eventId,
    ns: base.ns,
    receivedAt: base.receivedAt,
    taskId,
    node,
    triggers: strings(d.triggers),
    input: d.input,
    step: step ?? num(metadata.langgraph_step),
  };
}

/** Task results are an object keyed by channel on the JS server; Python sends `[channel, value]` tuples. */
function resultObject(result: unknown): Record<string, unknown> | null {
  if (Array.isArray(result)) {
    const out: Obj = {};
    for (const pair of result) if (Array.isArray(pair) && typeof pair[0] === "string") out[pair[0]] = pair[1];
    return out;
  }
  return result && typeof result === "object" ? (result as Obj) : null;
}

function checkpointEvent(base: Base, d: Obj): RunEvent {
  const metadata = asObj(d.metadata);
  const configurable = asObj(asObj(d.config).configurable);
  const parentConfigurable = asObj(asObj(d.parent_config).configurable);
  const tasks = Array.isArray(d.tasks) ? d.tasks.map(asObj) : [];
  return {
    kind: "checkpoint",
    eventId: base.eventId,
    ns: base.ns,
    receivedAt: base.receivedAt,
    checkpointId: str(configurable.checkpoint_id) ?? str(asObj(d.checkpoint).checkpoint_id),
    parentCheckpointId: str(parentConfigurable.checkpoint_id) ?? str(asObj(d.parent_checkpoint).checkpoint_id),
    step: num(metadata.step) ?? -1,
    source: str(metadata.source),
    values: d.values,
    next: strings(d.next),
    tasks: tasks.map((t) => ({
      id: str(t.id) ?? "",
      name: str(t.name) ?? "",
      interrupts: parseInterrupts(t.interrupts, base.ns, str(t.name)),
      ...(t.error !== undefined && t.error !== null ? { error: t.error } : {}),
    })),
  };
}

function debugEvent(base: Base, event: string, d: Obj): RunEvent {
  const payload = asObj(d.payload);
  if (d.type === "checkpoint") return checkpointEvent(base, payload);
  if (d.type === "task" || d.type === "task_result") return taskEvent(base, payload, num(d.step));
  return { kind: "unknown", eventId: base.eventId, ns: base.ns, receivedAt: base.receivedAt, event, data: d };
}

function errorEvent(base: Base, data: unknown): RunEvent {
  if (typeof data === "string") return { kind: "error", eventId: base.eventId, ns: base.ns, receivedAt: base.receivedAt, error: "Error", message: data };
  const d = asObj(data);
  return { kind: "error", eventId: base.eventId, ns: base.ns, receivedAt: base.receivedAt, error: str(d.error) ?? "Error", message: str(d.message) ?? JSON.stringify(data) };
}
