/**
 * A fake streaming chat model: real @langchain/core machinery (callbacks, chunk ids,
 * tool-call chunk merging), scripted output, no API key and no network.
 */
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import {
  BaseChatModel,
  type BaseChatModelParams,
  type BindToolsInput,
} from "@langchain/core/language_models/chat_models";
import {
  AIMessage,
  AIMessageChunk,
  ToolMessage,
  type BaseMessage,
} from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import type { RunnableConfig } from "@langchain/core/runnables";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";

/** How the fake model streams: answer length and pause between chunks. */
export interface FakeStreamSettings {
  /** Number of answer tokens (chunks) to stream. */
  tokens: number;
  /** Pause before each chunk in milliseconds; 0 streams without yielding to I/O. */
  delayMs: number;
}

/** Defaults chosen so a person can watch the tokens arrive. */
export const DEFAULT_STREAM_SETTINGS: FakeStreamSettings = { tokens: 12, delayMs: 15 };

const MAX_TOKENS = 1_000_000;

/** Read `configurable.tokens` and `configurable.delay_ms` from a run config, with clear errors. */
export function streamSettingsFromConfig(config?: RunnableConfig): FakeStreamSettings {
  const configurable = config?.configurable ?? {};
  return {
    tokens: readInteger(configurable.tokens, "tokens", DEFAULT_STREAM_SETTINGS.tokens, 1),
    delayMs: readInteger(configurable.delay_ms, "delay_ms", DEFAULT_STREAM_SETTINGS.delayMs, 0),
  };
}

function readInteger(raw: unknown, name: string, fallback: number, min: number): number {
  if (raw === undefined || raw === null || raw === "") return fallback;
  const value = typeof raw === "string" ? Number(raw) : raw;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > MAX_TOKENS) {
    throw new Error(
      `configurable.${name} must be an integer between ${min} and ${MAX_TOKENS}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/** The city asked about in the last human message ("… in Berlin?"), or Paris. */
export function cityFromMessages(messages: BaseMessage[]): string {
  const lastHuman = [...messages].reverse().find((message) => message.getType() === "human");
  const match = lastHuman?.text.match(/\bin ([A-Z][\p{L}-]*(?: [A-Z][\p{L}-]*)*)/u);
  return match?.[1] ?? "Paris";
}

/** Split `text` into `count` word-like tokens (repeating the text when it is too short). */
export function answerTokens(text: string, count: number): string[] {
  const words = text.split(" ");
  return Array.from({ length: count }, (_, index) => {
    const word = words[index % words.length];
    return index === 0 ? word : ` ${word}`;
  });
}

/** Split a string into `parts` nearly equal pieces (for tool-call args arriving in chunks). */
function splitInto(text: string, parts: number): string[] {
  const size = Math.ceil(text.length / parts);
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface FakeStreamingChatModelParams extends BaseChatModelParams {
  settings?: Partial<FakeStreamSettings>;
  toolNames?: string[];
  /** A name the final answer greets first (the agent's runtime context `user_name`). */
  greet?: string;
}

/**
 * Streams a `get_weather` tool call when tools are bound and no tool result is in the
 * conversation yet; otherwise streams a final answer token by token.
 */
export class FakeStreamingChatModel extends BaseChatModel {
  readonly settings: FakeStreamSettings;
  readonly toolNames: string[];
  readonly greet: string | undefined;

  constructor(params: FakeStreamingChatModelParams = {}) {
    super(params);
    this.settings = { ...DEFAULT_STREAM_SETTINGS, ...params.settings };
    this.toolNames = params.toolNames ?? [];
    this.greet = params.greet;
  }

  /** A model configured from the run's `configurable` (tokens, delay_ms); `greet`: a name the answer starts with. */
  static fromConfig(config?: RunnableConfig, greet?: string): FakeStreamingChatModel {
    return new FakeStreamingChatModel({ settings: streamSettingsFromConfig(config), greet });
  }

  override _llmType(): string {
    return "fake-streaming";
  }

  override bindTools(tools: BindToolsInput[]): FakeStreamingChatModel {
    const toolNames = tools.map((tool) =>
      typeof tool === "object" && tool !== null && "name" in tool && typeof tool.name === "string"
        ? tool.name
        : convertToOpenAITool(tool).function.name,
    );
    return new FakeStreamingChatModel({ settings: this.settings, toolNames, greet: this.greet });
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    _options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const chunks = this.wantsToolCall(messages)
      ? this.toolCallChunks(messages)
      : this.answerChunks(messages);
    for (const message of chunks) {
      if (this.settings.delayMs > 0) await sleep(this.settings.delayMs);
      const text = typeof message.content === "string" ? message.content : "";
      const chunk = new ChatGenerationChunk({ text, message });
      yield chunk;
      await runManager?.handleLLMNewToken(text, undefined, undefined, undefined, undefined, { chunk });
    }
  }

  override async _generate(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    let merged: AIMessageChunk | undefined;
    for await (const chunk of this._streamResponseChunks(messages, options, runManager)) {
      merged = merged ? merged.concat(chunk.message as AIMessageChunk) : (chunk.message as AIMessageChunk);
    }
    const message = new AIMessage({
      content: merged?.content ?? "",
      tool_calls: merged?.tool_calls ?? [],
    });
    return { generations: [{ text: message.text, message }] };
  }

  private wantsToolCall(messages: BaseMessage[]): boolean {
    if (!this.toolNames.includes("get_weather")) return false;
    const lastHumanIndex = messages.findLastIndex((message) => message.getType() === "human");
    return !messages.slice(lastHumanIndex + 1).some((message) => ToolMessage.isInstance(message));
  }

  private *toolCallChunks(messages: BaseMessage[]): Generator<AIMessageChunk> {
    const args = JSON.stringify({ city: cityFromMessages(messages) });
    const callId = `call_weather_${messages.length}`;
    const pieces = splitInto(args, 4);
    for (const [index, piece] of pieces.entries()) {
      yield new AIMessageChunk({
        content: "",
        tool_call_chunks: [
          {
            type: "tool_call_chunk",
            index: 0,
            args: piece,
            ...(index === 0 ? { id: callId, name: "get_weather" } : {}),
          },
        ],
      });
    }
  }

  private *answerChunks(messages: BaseMessage[]): Generator<AIMessageChunk> {
    const toolResult = [...messages].reverse().find((message) => ToolMessage.isInstance(message));
    const answer = toolResult
      ? `Here is the forecast: ${toolResult.text} Enjoy your day!`
      : `You said: ${messages.at(-1)?.text || "nothing"}. This is a streamed answer.`;
    const text = this.greet ? `Hello ${this.greet}! ${answer}` : answer;
    for (const token of answerTokens(text, this.settings.tokens)) {
      yield new AIMessageChunk({ content: token });
    }
  }
}
