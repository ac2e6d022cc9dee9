// launch.json arguments of the `langgraph` debug type, checked before anything runs: the URL parses,
// the server answers, the assistant exists (or the server hosts exactly one), the input is JSON, the
// thread exists. Each failure says what was wrong and what would work.
import type { Config } from "@langchain/langgraph-sdk";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { LangGraphHttpError, LangGraphNetworkError, type LangGraphClient } from "../engine/client";

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
}

/** `attach` arguments. */
export interface AttachArguments extends DebugProtocol.AttachRequestArguments {
  deploymentUrl?: string;
  thread?: string;
  run?: string;
}

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
}

export const DEFAULT_URL = "http://127.0.0.1:2024";

/** Checks launch arguments against the server. */
export async function resolveLaunch(args: LaunchArguments, createClient: (url: string) => LangGraphClient): Promise<{ client: LangGraphClient; resolved: Resolved }> {
  const apiUrl = checkUrl(args.deploymentUrl);
  const input = parseInput(args.input);
  if (args.checkpoint && !args.thread) throw new Error('"checkpoint" needs "thread": the thread the checkpoint belongs to.');
  const client = createClient(apiUrl);
  const assistants = await reach(apiUrl, () => client.assistants.search({ limit: 1000 }));
  const assistantId = pickAssistant(args.assistant, assistants, apiUrl);
  if (args.thread) await checkThread(client, args.thread, apiUrl);
  const resolved: Resolved = { kind: "launch", apiUrl, assistantId, threadId: args.thread || undefined, input, config: args.config, context: args.context, checkpoint: args.checkpoint || undefined, stopOnEntry: args.stopOnEntry };
  return { client, resolved };
}

/** Checks attach arguments: the thread exists and is not running; resolves its assistant and checkpoint. */
export async function resolveAttach(args: AttachArguments, createClient: (url: string) => LangGraphClient): Promise<{ client: LangGraphClient; resolved: Resolved }> {
  const apiUrl = checkUrl(args.deploymentUrl);
  if (!args.thread) throw new Error('"thread" is required to attach: the id of the thread to debug.');
  const client = createClient(apiUrl);
  await reach(apiUrl, () => client.assistants.search({ limit: 1 }));
  const thread = await checkThread(client, args.thread, apiUrl);
  if (thread.status === "busy") throw new Error(`Thread ${args.thread} is running a run${args.run ? ` (${args.run})` : ""}: following a run in progress is not supported yet. Attach again once it pauses or ends.`);
  const metadata = (thread.metadata ?? {}) as Record<string, unknown>;
  const assistantId = String(metadata.assistant_id ?? metadata.graph_id ?? "");
  if (!assistantId) throw new Error(`Thread ${args.thread} names no assistant in its metadata: it has never run.`);
  const state = await client.threads.state(args.thread);
  const checkpoint = state.checkpoint?.checkpoint_id ?? undefined;
  if (!checkpoint) throw new Error(`Thread ${args.thread} has no checkpoint yet: nothing to show.`);
  return { client, resolved: { kind: "attach", apiUrl, assistantId, threadId: args.thread, checkpoint } };
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
  return text.replace(/\/+$/, "");
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
        throw new Error(`"input" is not valid JSON: ${error instanceof Error ? error.message : String(error)}. Give an object, JSON text, or plain text (sent as a user message).`);
      }
      return parseInput(parsed);
    }
    return { messages: [{ role: "user", content: raw }] };
  }
  if (typeof raw === "object" && !Array.isArray(raw)) return raw as Record<string, unknown>;
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

async function checkThread(client: LangGraphClient, threadId: string, apiUrl: string) {
  try {
    return await client.threads.get(threadId);
  } catch (error) {
    if (error instanceof LangGraphHttpError && error.status >= 400 && error.status < 500) throw new Error(`Thread ${threadId} does not exist on ${apiUrl} (${error.status}).`);
    throw error;
  }
}

/** The first request: a network failure means the server cannot be reached. */
async function reach<T>(apiUrl: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof LangGraphNetworkError) throw new Error(`Cannot reach the LangGraph server at ${apiUrl}: ${error.reason}.`);
    throw error;
  }
}
