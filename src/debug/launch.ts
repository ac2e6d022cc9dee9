// launch.json arguments of the `langgraph` debug type, checked before anything runs: the URL parses,
// the server answers, the assistant exists (or the server hosts exactly one), the input is JSON, the
// thread exists. Each failure says what was wrong and what would work.
import { unknownKeys } from "../shared/schemaFields";
import type { Config } from "@langchain/langgraph-sdk";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { isAccessRefused, LangGraphHttpError, LangGraphNetworkError, normalizeApiUrl, type LangGraphApi } from "../engine/client";
import { messageOf } from "../engine/errorMessage";
import { openRecordingFile } from "../engine/recording/openRecording";
import type { ReplayClient } from "../engine/recording/replayClient";
import path from "node:path";

/** `launch` arguments (package.json `contributes.debuggers` describes them to users). */
export interface LaunchArguments extends DebugProtocol.LaunchRequestArguments {
  deploymentUrl?: string;
  /** Assistant id or graph id; may be left out when the server hosts a single assistant. */
  assistant?: string;
  /** Run input: an object, JSON text, or plain text (sent as one user message). */
  input?: unknown;
  /** An existing thread to run on; a new one otherwise. */
  thread?: string;
  config?: Config;
  context?: unknown;
  /** Go on from this checkpoint of `thread` (a fork) instead of starting with input. */
  checkpoint?: string;
  stopOnEntry?: boolean;
  /**
   * Function breakpoints given at launch, for clients with no UI for them (nvim-dap): node names
   * (`"tools"` before it, `"after:agent"` after it), or `{ name, condition?, hitCondition? }`.
   */
  breakpoints?: (string | DebugProtocol.FunctionBreakpoint)[];
  /** A `.lgrun` recording to debug offline instead of a deployment (a relative path is taken from the adapter's folder). */
  replay?: string;
  /**
   * `start`: start `langgraph dev` for `project` on a free port for the session; `attach`: use
   * `deploymentUrl`; `auto` (default): start when `project` has a langgraph.json and nothing answers
   * at `deploymentUrl`.
   */
  server?: "start" | "attach" | "auto";
  /** The LangGraph project: a folder holding langgraph.json, or the file (default the adapter's folder): the server `start` runs, and the code frame sources and gutter breakpoints come from. */
  project?: string;
  /** When the server saves checkpoints: "async" (default), "sync", or "exit" (only at the end; warned about). */
  durability?: "async" | "sync" | "exit";
}

/** The fields of LaunchArguments (package.json's launch `configurationAttributes` must list exactly these). */
export const LAUNCH_FIELDS = ["deploymentUrl", "assistant", "input", "thread", "config", "context", "checkpoint", "stopOnEntry", "breakpoints", "replay", "server", "project", "durability"] as const satisfies readonly (keyof LaunchArguments)[];

/** `attach` arguments. */
export interface AttachArguments extends DebugProtocol.AttachRequestArguments {
  deploymentUrl?: string;
  thread?: string;
  /** The run to follow; absent, the thread's run in progress (if any). */
  run?: string;
  /** Where the graph's code is (as in launch). */
  project?: string;
}

/** The fields of AttachArguments (package.json's attach `configurationAttributes` must list exactly these). */
export const ATTACH_FIELDS = ["deploymentUrl", "thread", "run", "project"] as const satisfies readonly (keyof AttachArguments)[];

/** What a checked launch or attach resolved to. */
export interface Resolved {
  kind: "launch" | "attach";
  apiUrl: string;
  assistantId: string;
  threadId?: string;
  input?: Record<string, unknown> | null;
  config?: Config;
  context?: unknown;
  checkpoint?: string;
  stopOnEntry?: boolean;
  durability?: LaunchArguments["durability"];
  /** Attach: follow this run in progress (its id, or the thread's running run when absent). */
  follow?: { runId?: string };
  /** A replay: the recording's file, what it says of itself, and what its reader warned about. */
  replay?: { file: string; about: string; warnings: string[] };
}

/** Opens a recording as a deployment (the standalone adapter reads the file; VS Code passes its own). */
export type OpenRecording = (file: string) => Promise<{ client: ReplayClient; warnings: string[] }>;

export const DEFAULT_URL = "http://127.0.0.1:2024";

/**
 * What the launch's `input` has that the graph's input schema does not name (the server drops it),
 * as a console line; undefined when it all fits. `config` / `context` typed inside the input belong
 * in the launch's own `config` / `context`.
 */
export function unknownInputNote(inputSchema: unknown, input: Record<string, unknown> | null | undefined): string | undefined {
  const unknown = input ? unknownKeys(inputSchema, input) : [];
  if (unknown.length === 0) return undefined;
  const settings = unknown.filter((k) => k === "config" || k === "context");
  const hint = settings.length > 0 ? ` Put ${settings.map((k) => `"${k}"`).join(" and ")} beside "input" in the launch configuration, not inside it.` : "";
  return `"input" has ${unknown.length > 1 ? "keys" : "a key"} the graph's input schema does not name, which the server drops: ${unknown.join(", ")}.${hint}`;
}

/** Checks launch arguments against the server. */
export async function resolveLaunch(args: LaunchArguments, createClient: (url: string) => LangGraphApi, openRecording: OpenRecording = openRecordingFile): Promise<{ client: LangGraphApi; resolved: Resolved }> {
  if (args.replay !== undefined) return resolveReplay(args, openRecording);
  const apiUrl = checkUrl(args.deploymentUrl);
  const input = parseInput(args.input);
  if (args.checkpoint && !args.thread) throw new Error('"checkpoint" needs "thread": the thread the checkpoint belongs to.');
  const config = objectOrAbsent(args.config, "config") as Config | undefined;
  const context = args.context === undefined ? undefined : objectOrAbsent(args.context, "context");
  if (args.breakpoints !== undefined && !Array.isArray(args.breakpoints)) throw new Error('"breakpoints" must be a list of node names such as ["tools", "after:agent"].');
  if (args.durability !== undefined && !["async", "sync", "exit"].includes(args.durability)) throw new Error('"durability" must be "async", "sync" or "exit".');
  const client = createClient(apiUrl);
  const assistants = await reach(apiUrl, () => client.assistants.search({ limit: 1000 }));
  const assistantId = pickAssistant(args.assistant, assistants, apiUrl);
  if (args.thread) await checkThread(client, args.thread, apiUrl);
  if (args.checkpoint) await checkCheckpoint(client, args.thread!, args.checkpoint);
  const resolved: Resolved = { kind: "launch", apiUrl, assistantId, threadId: args.thread || undefined, input, config, context, checkpoint: args.checkpoint || undefined, stopOnEntry: args.stopOnEntry, durability: args.durability };
  return { client, resolved };
}

/** A launch of a recording: no server; the recorded run is played back from its start. */
async function resolveReplay(args: LaunchArguments, openRecording: OpenRecording): Promise<{ client: LangGraphApi; resolved: Resolved }> {
  if (typeof args.replay !== "string" || !args.replay.trim()) throw new Error('"replay" must be the path of a .lgrun recording.');
  const clash = (["deploymentUrl", "thread", "checkpoint", "input"] as const).filter((k) => args[k] !== undefined);
  if (clash.length > 0) throw new Error(`"replay" plays a recording back as it was: ${clash.map((k) => `"${k}"`).join(", ")} cannot be given with it.`);
  if (args.breakpoints !== undefined && !Array.isArray(args.breakpoints)) throw new Error('"breakpoints" must be a list of node names such as ["tools", "after:agent"].');
  const file = path.resolve(args.replay);
  const { client, warnings } = await openRecording(file);
  const { recording } = client;
  const runs = recording.runs.length;
  const about = `${runs} run${runs === 1 ? "" : "s"} of ${recording.graphId ?? recording.assistantId} on thread ${recording.threadId}, recorded on ${recording.apiUrl} at ${recording.createdAt}`;
  if (runs === 0) throw new Error(`${file} holds no recorded run (only the thread's history): open it in the editor to see its steps.`);
  const resolved: Resolved = { kind: "launch", apiUrl: client.apiUrl, assistantId: recording.assistantId, input: null, stopOnEntry: args.stopOnEntry, replay: { file, about, warnings } };
  return { client, resolved };
}

/**
 * Checks attach arguments: the thread (and the run, when named) exists. A run in progress is followed;
 * otherwise the thread is shown where it stands: resolves its assistant and checkpoint.
 */
export async function resolveAttach(args: AttachArguments, createClient: (url: string) => LangGraphApi): Promise<{ client: LangGraphApi; resolved: Resolved }> {
  const apiUrl = checkUrl(args.deploymentUrl);
  if (!args.thread) throw new Error('"thread" is required to attach: the id of the thread to debug.');
  const client = createClient(apiUrl);
  await reach(apiUrl, () => client.assistants.search({ limit: 1 }));
  const thread = await checkThread(client, args.thread, apiUrl);
  const metadata = (thread.metadata ?? {}) as Record<string, unknown>;
  let assistantId = String(metadata.assistant_id ?? metadata.graph_id ?? "");
  const run = args.run ? await checkRun(client, args.thread, args.run) : thread.status === "busy" ? (await client.runs.list(args.thread, { limit: 20 })).find((r) => r.status === "running" || r.status === "pending") : undefined;
  if (run && (run.status === "running" || run.status === "pending")) {
    return { client, resolved: { kind: "attach", apiUrl, assistantId: run.assistant_id || assistantId, threadId: args.thread, follow: { runId: run.run_id } } };
  }
  assistantId ||= run?.assistant_id ?? "";
  if (!assistantId) throw new Error(`Thread ${args.thread} names no assistant in its metadata: it has never run.`);
  const state = await client.threads.state(args.thread);
  const checkpoint = state.checkpoint?.checkpoint_id ?? undefined;
  if (!checkpoint) throw new Error(`Thread ${args.thread} has no checkpoint yet: nothing to show.`);
  return { client, resolved: { kind: "attach", apiUrl, assistantId, threadId: args.thread, checkpoint } };
}

/** An object, or absent; an empty list (Lua's empty table, as nvim-dap sends `{}`) counts as absent. */
function objectOrAbsent(value: unknown, name: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw new Error(`"${name}" must be an object, not ${Array.isArray(value) ? "a list" : typeof value}.`);
  return value as Record<string, unknown>;
}

function checkUrl(raw: string | undefined): string {
  const text = (raw ?? DEFAULT_URL).trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`"deploymentUrl" is not a URL: ${JSON.stringify(text)} (for example ${DEFAULT_URL}).`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`"deploymentUrl" must be http or https, not ${url.protocol}`);
  return normalizeApiUrl(text);
}

/** Input as an object: JSON text is parsed, plain text becomes one user message. */
export function parseInput(raw: unknown): Record<string, unknown> | null | undefined {
  if (raw === undefined) return undefined;
  if (raw === null) return null;
  if (typeof raw === "string") {
    const text = raw.trim();
    if (text.startsWith("{") || text.startsWith("[")) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new Error(`"input" is not valid JSON: ${messageOf(error)}. Give an object, JSON text, or plain text (sent as a user message).`);
      }
      return parseInput(parsed);
    }
    return { messages: [{ role: "user", content: raw }] };
  }
  if (typeof raw === "object" && !Array.isArray(raw)) return raw as Record<string, unknown>;
  // Lua has one empty table for `{}` and `[]`: nvim-dap sends `input = {}` as an empty list.
  if (Array.isArray(raw) && raw.length === 0) return {};
  throw new Error(`"input" must be an object (the graph's input), JSON text or plain text, not ${Array.isArray(raw) ? "a list" : typeof raw}.`);
}

function pickAssistant(wanted: string | undefined, assistants: { assistant_id: string; graph_id: string; name?: string }[], apiUrl: string): string {
  const names = [...new Set(assistants.map((a) => a.graph_id))].join(", ") || "none";
  if (!wanted) {
    if (assistants.length === 1) return assistants[0].assistant_id;
    throw new Error(`"assistant" is required: ${apiUrl} hosts ${assistants.length} assistants (graphs: ${names}).`);
  }
  const found = assistants.find((a) => a.assistant_id === wanted) ?? assistants.find((a) => a.graph_id === wanted) ?? assistants.find((a) => a.name === wanted);
  if (!found) throw new Error(`No assistant or graph "${wanted}" on ${apiUrl} (graphs: ${names}).`);
  return found.assistant_id;
}

async function checkThread(client: LangGraphApi, threadId: string, apiUrl: string) {
  try {
    return await client.threads.get(threadId);
  } catch (error) {
    if (error instanceof LangGraphHttpError && error.status >= 400 && error.status < 500) throw new Error(`Thread ${threadId} does not exist on ${apiUrl} (${error.status}).`);
    throw error;
  }
}

async function checkRun(client: LangGraphApi, threadId: string, runId: string) {
  try {
    return await client.runs.get(threadId, runId);
  } catch (error) {
    if (error instanceof LangGraphHttpError && error.status >= 400 && error.status < 500) throw new Error(`Run ${runId} does not exist on thread ${threadId} (${error.status}).`);
    throw error;
  }
}

/**
 * A checkpoint to go on from must be one of the thread's: the server would only say "no input" (an
 * unknown id), and `GET …/state/{id}` answers an unknown id with a state on both servers.
 */
async function checkCheckpoint(client: LangGraphApi, threadId: string, checkpointId: string): Promise<void> {
  const history = await client.threads.history(threadId, { limit: 1000 });
  if (!history.some((h) => h.checkpoint.checkpoint_id === checkpointId)) throw new Error(`Checkpoint ${checkpointId} is not one of thread ${threadId}'s (${history.length} checkpoints).`);
}

/** Why the deployment cannot be reached now (a network failure or no answer), or undefined when it answers. */
export async function whyUnreachable(client: LangGraphApi): Promise<string | undefined> {
  try {
    await client.assistants.search({ limit: 1 }, { signal: AbortSignal.timeout(5_000) });
    return undefined;
  } catch (error) {
    if (error instanceof LangGraphNetworkError) return `cannot reach the LangGraph server at ${client.apiUrl} (${error.reason})`;
    if (error instanceof Error && error.name === "TimeoutError") return `the LangGraph server at ${client.apiUrl} does not answer`;
    return undefined;
  }
}

/** The first request: a network failure means the server cannot be reached. */
async function reach<T>(apiUrl: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof LangGraphNetworkError) throw new Error(`Cannot reach the LangGraph server at ${apiUrl}: ${error.reason}.`);
    if (isAccessRefused(error)) {
      const said = `${error.status}${error.serverMessage ? ` ${error.serverMessage}` : ""}`;
      throw new Error(`The LangGraph server at ${apiUrl} refused the request (${said}): set its API key ("LangGraph: Set API key" in VS Code; LANGGRAPH_API_KEY for the standalone adapter).`, { cause: error });
    }
    throw error;
  }
}
