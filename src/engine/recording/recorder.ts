// Keeps what a recording needs of the story the driver shows: each run's request, its SSE messages as
// received and how it ended. Listens to the ThreadDriver like every other reader; "Save run…" asks it
// for a Recording, reading the thread's history, graph and schemas from the deployment at that moment.
import type { GraphSchema } from "@langchain/langgraph-sdk";
import type { LangGraphApi } from "../client";
import { assistantNamed, isUuid } from "../client/graphIds";
import type { DriverEvent } from "../driver/threadDriver";
import type { GraphData } from "../model";
import type { RecordedRun, Recording } from "./format";
import { runFromHistory } from "./fromHistory";

interface RecordedStory {
  assistantId: string;
  threadId: string;
  runs: RecordedRun[];
}

/** A story as it was at one moment (its runs and their messages copied), and which story of the recorder it is. */
export interface StorySnapshot extends RecordedStory {
  story: number;
}

/** How many checkpoints of a thread's history a recording keeps. */
export const HISTORY_LIMIT = 1000;

/** Records the driver's story as it happens. */
export class RunRecorder {
  private story: RecordedStory | undefined;
  private current: RecordedRun | undefined;
  /** Stories started so far: a new story is a new number, even on the same thread. */
  private stories = 0;

  /** Feed every driver event here. */
  onDriverEvent(event: DriverEvent): void {
    switch (event.type) {
      case "runStarted":
        // A story loaded from history (no request: a thread or checkpoint picked) is no run; the runs
        // already recorded on its thread stay, or a later run's recording would lose them.
        if (!this.story || this.story.threadId !== event.threadId || (!event.continues && event.request)) {
          this.story = { assistantId: event.assistantId, threadId: event.threadId, runs: [] };
          this.stories++;
        }
        this.current = event.request ? { startedAt: Date.now(), request: event.request, messages: [] } : undefined;
        if (this.current) this.story.runs.push(this.current);
        break;
      case "wire": {
        const { event: name, data, id } = event.message;
        this.current?.messages.push(id === undefined ? { t: event.receivedAt, event: name, data } : { t: event.receivedAt, event: name, data, id });
        break;
      }
      case "runEnded":
        if (this.current) this.current.end = event.head ? { t: Date.now(), outcome: event.outcome, head: event.head } : { t: Date.now(), outcome: event.outcome };
        this.current = undefined;
        break;
      case "target":
        if (!event.target) this.story = this.current = undefined;
        break;
      default:
        break;
    }
  }

  /** The thread recorded, if any. */
  get thread(): { assistantId: string; threadId: string; runs: number } | undefined {
    return this.story && { assistantId: this.story.assistantId, threadId: this.story.threadId, runs: this.story.runs.length };
  }

  /** The story so far, copied: what a recording made later records, whatever the driver shows by then. */
  snapshot(): StorySnapshot | undefined {
    const story = this.story;
    return story && { assistantId: story.assistantId, threadId: story.threadId, story: this.stories, runs: story.runs.map((run) => ({ ...run, messages: run.messages.slice() })) };
  }

  /**
   * A recording of `story` (the story so far, unless given), with the thread's history, graph and
   * schemas read from `client` now. `secrets`: the API key and header values, blanked wherever the
   * server echoed them.
   */
  async recording(client: LangGraphApi, options: RecordOptions = {}, story = this.snapshot()): Promise<Recording> {
    if (!story) throw new Error("Nothing to save: no run has been shown yet.");
    // A thread only picked, never run here: its main line rebuilt from history, as recordThread does alone.
    return recordThread(client, story.assistantId, story.threadId, { ...options, ...(story.runs.length > 0 ? { runs: story.runs } : {}) });
  }
}

/** What a recording may take from the caller instead of reading it again. */
export interface RecordOptions {
  /** The graph already shown. */
  graph?: GraphData;
  /**
   * The schemas as the caller reads them (a driver's cache): a JS server extracts them with the
   * TypeScript compiler, tens of seconds, and a second request while the first runs extracts again.
   */
  schemas?: (assistantId: string) => Promise<GraphSchema>;
  /** The API key and header values, blanked wherever the server echoed them. */
  secrets?: readonly string[];
}

/**
 * A recording of a thread: the runs given (none: its history alone, as the Threads view saves a
 * thread), with its history, graph and schemas read from the deployment. Only the base URL is kept.
 */
export async function recordThread(client: LangGraphApi, assistantId: string, threadId: string, options: RecordOptions & { runs?: RecordedRun[] } = {}): Promise<Recording> {
  const named = assistantNamed(client, assistantId);
  // By a graph id, the schemas wait for the assistant it names (the Python server takes only UUIDs there); by an id, both go at once.
  const readSchemas = () => (isUuid(assistantId) ? client.assistants.schemas(assistantId) : named.then((a) => client.assistants.schemas(a.assistant_id)));
  const [history, graph, schemas, assistant] = await Promise.all([
    client.threads.history(threadId, { limit: HISTORY_LIMIT }),
    options.graph ?? (client.assistants.graph(assistantId, { xray: true }) as Promise<unknown> as Promise<GraphData>),
    (options.schemas?.(assistantId) ?? readSchemas()).catch(() => undefined),
    named.catch(() => undefined),
  ]);
  // No run watched here: the thread's main line, rebuilt from its history.
  const runs = options.runs ?? [runFromHistory(history)].filter((r) => r !== undefined);
  const recording: Recording = { createdAt: new Date().toISOString(), apiUrl: client.apiUrl, assistantId, threadId, graph, runs, history };
  if (schemas !== undefined) recording.schemas = schemas;
  if (assistant?.graph_id) recording.graphId = assistant.graph_id;
  return redactSecrets(recording, options.secrets ?? []);
}

/** Shorter values are not blanked: they would match ordinary text. */
const MIN_SECRET_LENGTH = 6;
export const REDACTED = "[redacted]";

/**
 * The recording with every secret blanked. Needed: the JS server copies custom request headers
 * (`x-…`) into each run's `configurable`, so header values come back in checkpoints and history.
 * A secret is matched as written, JSON-escaped once (in state) and twice (in a message's data text).
 */
export function redactSecrets(recording: Recording, secrets: readonly string[]): Recording {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    const once = JSON.stringify(secret).slice(1, -1);
    forms.add(secret).add(once).add(JSON.stringify(once).slice(1, -1));
  }
  if (forms.size === 0) return recording;
  let text = JSON.stringify(recording);
  for (const form of [...forms].sort((a, b) => b.length - a.length)) text = text.split(form).join(REDACTED);
  return JSON.parse(text) as Recording;
}
