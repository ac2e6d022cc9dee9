import type { SseMessage } from "../../src/engine/model";

/** Reads a stream to its end; returns what arrived and the error it ended with, if any. */
export async function collect(stream: AsyncIterable<SseMessage>): Promise<{ messages: SseMessage[]; error?: Error }> {
  const messages: SseMessage[] = [];
  try {
    for await (const message of stream) messages.push(message);
  } catch (error) {
    return { messages, error: error as Error };
  }
  return { messages };
}
