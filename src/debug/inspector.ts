// What the client reads and edits at a stop, as DAP response bodies: frames, scopes, variables,
// evaluate, data breakpoint info, and the state write a setVariable asks for. No I/O: the session
// sends the bodies and performs the write through the driver.
import type { DebugProtocol } from "@vscode/debugprotocol";
import { pathChild, ROOT_PATH, splitPath } from "../engine/jsonPath";
import { evaluate } from "./conditions";
import type { Stop } from "./stopView";
import { VariableStore, writePath } from "./variables";
import { messageOf } from "../engine/errorMessage";

/** The capabilities the `langgraph` adapter answers `initialize` with. */
export const CAPABILITIES: DebugProtocol.Capabilities = {
  supportsConfigurationDoneRequest: true,
  supportsFunctionBreakpoints: true,
  supportsConditionalBreakpoints: true,
  supportsHitConditionalBreakpoints: true,
  supportsEvaluateForHovers: true,
  supportsSetVariable: true,
  supportsStepBack: true,
  supportsTerminateRequest: true,
  supportsRestartRequest: true,
  supportsDataBreakpoints: true,
  supportsLogPoints: true,
  supportsValueFormattingOptions: false,
  supportTerminateDebuggee: true,
  exceptionBreakpointFilters: [
    { filter: "nodeError", label: "Node errors", description: "Stop when a node raises. Off: the session ends with the error.", default: true },
    {
      filter: "interrupt",
      label: "interrupt()",
      description: "Stop when a node waits in interrupt() for an answer. Off: the session ends there, as a plain run does; the thread keeps waiting (attach to it to answer).",
      default: true,
    },
  ],
};

/** Why Step Into cannot stop inside the subgraphs pending at `stop` (xray ids `child:…` under them), if any are. */
export function stepIntoNote(stop: Stop | undefined, graph: { nodes: readonly { id: string }[] } | undefined): string | undefined {
  const ids = graph?.nodes.map((n) => n.id) ?? [];
  const subgraphs = new Set(ids.filter((id) => id.includes(":")).map((id) => id.split(":")[0]));
  const pending = (stop?.frames ?? []).filter((f) => subgraphs.has(f.name)).map((f) => f.name);
  if (pending.length === 0) return undefined;
  return `Step Into runs ${pending.join(", ")} as one superstep: the LangGraph server pauses runs only at top-level nodes, so it cannot stop inside a subgraph.`;
}

/** Where a frame's node is written. */
export interface FrameCode {
  source: DebugProtocol.Source;
  line: number;
  column: number;
}

/** A state edit: the top-level key to write and its new value. */
export interface StateEdit {
  key: string;
  value: unknown;
  /** The edited value as JSON (the setVariable response). */
  shown: string;
}

/** Room for frames per stop in a source reference (a stop has one frame per pending task). */
const FRAMES_PER_STOP = 10_000;

/** Answers the inspection requests of one stop; `reset` on every continue. */
export class StopInspector {
  private readonly store = new VariableStore();

  /** Counts stops: a frame's source reference names its stop, since a client may cache a reference's content for the whole session. */
  private stopSerial = 1;

  reset(): void {
    this.store.reset();
    this.stopSerial++;
  }

  /** Frames of a stop; `codeOf` places a frame's node in its code (its function), else the frame's source is a page about the node. */
  stackTrace(stop: Stop | undefined, args: DebugProtocol.StackTraceArguments, codeOf: (frame: string) => FrameCode | undefined = () => undefined): DebugProtocol.StackTraceResponse["body"] {
    const frames = stop?.frames ?? [];
    const start = args.startFrame ?? 0;
    const end = args.levels ? start + args.levels : frames.length;
    return {
      // A client focuses only frames that have a source: a node whose code is not known gets a
      // read-only page about the node at this stop.
      stackFrames: frames.slice(start, end).map((f, i) => ({
        id: start + i + 1,
        name: f.name,
        ...(codeOf(f.name) ?? { source: { name: `${f.name} (LangGraph node)`, sourceReference: this.stopSerial * FRAMES_PER_STOP + start + i + 1, presentationHint: "normal" }, line: 1, column: 1 }),
        presentationHint: "normal",
      })),
      totalFrames: frames.length,
    };
  }

  /** The page a frame's source reference shows: the node, the checkpoint it stopped at, and the state the node will read (JSON). */
  source(stop: Stop | undefined, reference: number): DebugProtocol.SourceResponse["body"] {
    const frame = Math.floor(reference / FRAMES_PER_STOP) === this.stopSerial ? stop?.frames[(reference % FRAMES_PER_STOP) - 1] : undefined;
    if (!stop || !frame) throw new Error("That frame is gone: the run moved on.");
    const page = { node: frame.name, task: frame.taskId, checkpoint: stop.checkpointId, state: stop.view.state };
    return { content: JSON.stringify(page, null, 2) + "\n", mimeType: "application/json" };
  }

  scopes(stop: Stop | undefined): DebugProtocol.ScopesResponse["body"] {
    return { scopes: stop ? this.store.scopes(stop.view) : [] };
  }

  variables(args: DebugProtocol.VariablesArguments): DebugProtocol.VariablesResponse["body"] {
    return { variables: this.store.variables(args.variablesReference, { filter: args.filter, start: args.start, count: args.count }) };
  }

  /** Watch, hover and Debug Console expressions over the state (conditions.ts: no eval). */
  evaluate(stop: Stop, expression: string): DebugProtocol.EvaluateResponse["body"] {
    return this.store.describe(evaluate(expression, stop.view.state), "State", expression.trim());
  }

  /** A State variable (or a path typed by hand) can be watched: its path is the data id. */
  dataBreakpointInfo(args: DebugProtocol.DataBreakpointInfoArguments): DebugProtocol.DataBreakpointInfoResponse["body"] {
    const container = args.variablesReference ? this.store.container(args.variablesReference) : undefined;
    const path = container ? (container.scope === "State" ? pathChild(container.path || ROOT_PATH, keyOf(container.value, args.name)) : undefined) : validPath(args.name);
    return path
      ? { dataId: path, description: `${path} changes`, accessTypes: ["write"], canPersist: true }
      : { dataId: null, description: "Only values in the State scope can be watched for changes." };
  }

  /** The write a setVariable asks for; throws (nothing written) when the value is not JSON or not in State. */
  edit(stop: Stop, args: DebugProtocol.SetVariableArguments): StateEdit {
    const container = this.store.container(args.variablesReference);
    if (!container) throw new Error("That variable is gone (the run moved on): expand the state again.");
    if (container.scope !== "State") throw new Error(`Only values in the State scope can be edited, not in ${container.scope}.`);
    let value: unknown;
    try {
      value = JSON.parse(args.value);
    } catch (error) {
      throw new Error(`The new value of ${args.name} must be JSON (strings in double quotes): ${messageOf(error)}. Nothing was written.`);
    }
    const path = pathChild(container.path || ROOT_PATH, keyOf(container.value, args.name));
    const key = splitPath(path)[0] as string;
    return { key, value: writePath(stop.view.state, path, value)[key], shown: JSON.stringify(value) };
  }
}

/** A list's children are named by index: the key is then a number. */
function keyOf(container: unknown, name: string): string | number {
  return Array.isArray(container) && /^\d+$/.test(name) ? Number(name) : name;
}

function validPath(text: string): string | undefined {
  try {
    return splitPath(text.trim()).length ? text.trim() : undefined;
  } catch {
    return undefined;
  }
}
