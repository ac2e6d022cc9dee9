// SSE framing on recorded real streams (JS server 2.0) and hand-made edge cases.
import { readFileSync, readdirSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { SseMessage } from "../../src/engine/model";
import { SseDataError, SseDecoder, SseTruncatedError, parseSseData, readSseStream } from "../../src/engine/client/sse";

const fixtures = path.join(__dirname, "..", "fixtures", "transport");
/** A nested-graph run (updates + custom, subgraph event names), 9 events. */
const nested = readFileSync(path.join(fixtures, "nested-run.sse"));
/** An agent run with the debugger's default modes, 24 events, 42 KB. */
const agent = readFileSync(path.join(fixtures, "agent-run.sse"));

const utf8 = new TextEncoder();

/** Decodes chunks in order and ends cleanly. */
function decode(chunks: (Uint8Array | string)[]): SseMessage[] {
  const decoder = new SseDecoder();
  const out: SseMessage[] = [];
  for (const chunk of chunks) out.push(...decoder.push(chunk));
  out.push(...decoder.finish());
  return out;
}

function splitAt(bytes: Uint8Array, ...cuts: number[]): Uint8Array[] {
  const edges = [0, ...cuts, bytes.length];
  return edges.slice(1).map((end, i) => bytes.subarray(edges[i], end));
}

describe("SseDecoder on recorded streams", () => {
  const whole = decode([nested]);

  it("reads every event of a real nested run with ids, names and pretty-printed JSON", () => {
    expect(whole.map((m) => m.id)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8"]);
    expect(whole[0].event).toBe("metadata");
    expect(whole.some((m) => m.event.startsWith("updates|child:"))).toBe(true);
    expect(whole.some((m) => m.event.startsWith("custom|child:"))).toBe(true);
    // Multi-line data is joined with "\n" and parses as JSON.
    expect(whole[0].data).toContain("\n");
    for (const message of whole) expect(() => JSON.parse(message.data)).not.toThrow();
    expect((JSON.parse(whole[0].data) as { run_id: string }).run_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("gives the same events whatever byte the stream is split at (nested run)", () => {
    for (let cut = 1; cut < nested.length; cut++) {
      expect(decode(splitAt(nested, cut)), `cut at byte ${cut}`).toEqual(whole);
    }
  });

  it("gives the same events whatever byte the stream is split at (42 KB agent run)", () => {
    const expected = decode([agent]);
    expect(expected).toHaveLength(24);
    for (let cut = 1; cut < agent.length; cut++) {
      const got = decode(splitAt(agent, cut));
      if (got.length !== expected.length || got.some((m, i) => m.data !== expected[i].data || m.id !== expected[i].id)) {
        expect(got, `cut at byte ${cut}`).toEqual(expected);
      }
    }
  }, 30_000);

  it("gives the same events when fed one byte at a time", () => {
    expect(decode(splitAt(nested, ...Array.from({ length: nested.length - 1 }, (_, i) => i + 1)))).toEqual(whole);
  });

  it("reads the same events with CRLF and with bare CR line ends, split anywhere", () => {
    const text = nested.toString("utf8");
    for (const lineEnd of ["\r\n", "\r"]) {
      const bytes = utf8.encode(text.replace(/\n/g, lineEnd));
      for (let cut = 1; cut < bytes.length; cut += 7) {
        expect(decode(splitAt(bytes, cut)), `${JSON.stringify(lineEnd)} cut at ${cut}`).toEqual(whole);
      }
      expect(decode(splitAt(bytes, ...Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)))).toEqual(whole);
    }
  });
});

describe("SseDecoder on every recorded stream of both servers", () => {
  const recorded = ["js", "python"].flatMap((server) => {
    const dir = path.join(__dirname, "..", "fixtures", server);
    return readdirSync(dir)
      .filter((name) => name.endsWith(".sse"))
      .map((name) => [`${server}/${name}`, readFileSync(path.join(dir, name))] as const);
  });

  it("found the recordings", () => {
    expect(recorded.length).toBeGreaterThanOrEqual(10);
  });

  it.each(recorded)("%s: every event has JSON data, and the same events come out when split every 61 bytes", (_name, bytes) => {
    const whole = decode([bytes]);
    expect(whole.length).toBeGreaterThan(0);
    for (const message of whole) expect(() => JSON.parse(message.data), `${message.event} ${message.id}`).not.toThrow();
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 61) chunks.push(bytes.subarray(i, i + 61));
    expect(decode(chunks)).toEqual(whole);
  });

  it("decodes the 20,000-token JS recording in 64 KB chunks (throughput printed)", () => {
    const bytes = gunzipSync(readFileSync(path.join(__dirname, "..", "fixtures", "js", "agent-20k.sse.gz")));
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 65536) chunks.push(bytes.subarray(i, i + 65536));
    const started = performance.now();
    const messages = decode(chunks);
    const ms = performance.now() - started;
    console.log(
      `agent-20k: ${messages.length} events, ${(bytes.length / 1e6).toFixed(1)} MB decoded in ${ms.toFixed(0)} ms ` +
        `(${Math.round(messages.length / (ms / 1000))} events/s, ${(bytes.length / 1e6 / (ms / 1000)).toFixed(0)} MB/s)`,
    );
    expect(messages.length).toBeGreaterThan(20_000);
    expect(messages.map((m) => m.id)).toEqual(messages.map((_, i) => String(i)));
  });
});

describe("SseDecoder edge cases", () => {
  it("keeps multi-byte UTF-8 characters intact across every split", () => {
    const bytes = utf8.encode('event: messages\ndata: {"text":"héllo wörld ✓ 😀 日本"}\nid: 1\n\n');
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(decode(splitAt(bytes, cut))).toEqual([{ event: "messages", data: '{"text":"héllo wörld ✓ 😀 日本"}', id: "1" }]);
    }
  });

  it("joins multi-line data with \\n and keeps inner blank data lines", () => {
    expect(decode(["data: a\ndata:\ndata: c\n\n"])).toEqual([{ event: "message", data: "a\n\nc" }]);
  });

  it("ignores comments and heartbeats, and reports them to onComment", () => {
    const comments: string[] = [];
    const decoder = new SseDecoder((c) => comments.push(c));
    const out = decoder.push(": heartbeat\n\ndata: 1\n: heartbeat\n\n:\n\n");
    decoder.finish();
    expect(out).toEqual([{ event: "message", data: "1" }]);
    expect(comments).toEqual(["heartbeat", "heartbeat", ""]);
  });

  it("does not dispatch an id without data, nor leak that id into the next event", () => {
    expect(decode(["id: 7\n\nevent: updates\ndata: {}\n\n"])).toEqual([{ event: "updates", data: "{}" }]);
  });

  it("delivers an event with empty data", () => {
    expect(decode(["event: ping\ndata:\n\n"])).toEqual([{ event: "ping", data: "" }]);
  });

  it("passes unknown event names through and defaults the name to message", () => {
    expect(decode(["event: weird|ns:1|deep:2\ndata: [1]\n\ndata: 2\n\n"])).toEqual([
      { event: "weird|ns:1|deep:2", data: "[1]" },
      { event: "message", data: "2" },
    ]);
  });

  it("reads the Python server's end event and error events", () => {
    const text = 'event: error\ndata: {"error":"Error","message":"Boom"}\n\nevent: end\ndata: null\n\n';
    expect(decode([text]).map((m) => m.event)).toEqual(["error", "end"]);
  });

  it("ignores unknown fields and bad retry values, accepts data without a space", () => {
    expect(decode(["foo: bar\nretry: soon\ndata:{\"a\":1}\nid:3\n\n"])).toEqual([{ event: "message", data: '{"a":1}', id: "3" }]);
  });

  it("skips a byte order mark at the start", () => {
    expect(decode([new Uint8Array([0xef, 0xbb]), new Uint8Array([0xbf]), "data: 1\n\n"])).toEqual([{ event: "message", data: "1" }]);
  });

  it("reports a last event without its closing blank line as cut, even when its JSON looks complete", () => {
    // The JS server writes `id:` after the data: such an event may be missing its id.
    const decoder = new SseDecoder();
    expect(decoder.push('data: {"a":1}\nid: 0\n\nevent: updates\ndata: {"b":2}\n')).toEqual([{ event: "message", data: '{"a":1}', id: "0" }]);
    expect(() => decoder.finish()).toThrow(/middle of a "updates" event \(7 characters of data received, after event id 0\)/);
  });

  it("reports a stream cut inside an event's data, after delivering every complete event", () => {
    const decoder = new SseDecoder();
    const first = decoder.push('data: {"a":1}\nid: 0\n\nevent: updates\ndata: {\ndata:   "b": 2');
    expect(first).toEqual([{ event: "message", data: '{"a":1}', id: "0" }]);
    expect(() => decoder.finish()).toThrow(SseTruncatedError);
    const again = new SseDecoder();
    again.push('data: {"a":1}\nid: 0\n\nevent: updates\ndata: {"b":');
    expect(() => again.finish()).toThrow(/middle of a "updates" event \(5 characters of data received, after event id 0\)/);
  });

  it("reports a cut inside a complete-looking line whose JSON is unfinished", () => {
    const decoder = new SseDecoder();
    decoder.push("event: messages\ndata: [1,\n");
    expect(() => decoder.finish()).toThrow(/"messages" event/);
  });

  it("treats a stream cut inside a comment or between events as a clean end", () => {
    expect(decode(["data: 1\n\n: heartb"])).toEqual([{ event: "message", data: "1" }]);
    expect(decode(["data: 1\r\n\r\n: heartbeat\r\n"])).toEqual([{ event: "message", data: "1" }]);
    expect(decode(["data: 1\n\n\n"])).toEqual([{ event: "message", data: "1" }]);
    expect(decode([""])).toEqual([]);
  });

  it("reports a stream cut after an event's name or id but before its data", () => {
    const named = new SseDecoder();
    named.push("data: 1\nid: 0\n\nevent: upd");
    expect(() => named.finish()).toThrow(/middle of a "upd" event \(0 characters of data received, after event id 0\)/);
    const started = new SseDecoder();
    started.push("data: 1\n\nevent: updates\r\nda");
    expect(() => started.finish()).toThrow(/"updates" event/);
  });

  it("hands back the half event when the connection breaks", () => {
    const decoder = new SseDecoder();
    decoder.push('data: 1\nid: 4\n\nevent: messages\ndata: [{"content":"par');
    expect(decoder.abandon()).toEqual({ event: "messages", data: '[{"content":"par' });
    expect(decoder.lastEventId).toBe("4");
  });

  it("reads a 10 MB event delivered in 64 KB chunks", () => {
    const big = JSON.stringify({ values: { blob: "x".repeat(10 * 1024 * 1024) } });
    const bytes = utf8.encode(`event: checkpoints\ndata: ${big}\nid: 9\n\ndata: 1\n\n`);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 65536) chunks.push(bytes.subarray(i, i + 65536));
    const started = performance.now();
    const out = decode(chunks);
    console.log(`10 MB event decoded in ${Math.round(performance.now() - started)} ms`);
    expect(out).toHaveLength(2);
    expect(out[0].data.length).toBe(big.length);
    expect(out[0].id).toBe("9");
  });
});

describe("readSseStream", () => {
  function bodyOf(chunks: (string | Error)[]): ReadableStream<Uint8Array> {
    let index = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks[index++];
        if (next === undefined) controller.close();
        else if (next instanceof Error) controller.error(next);
        else controller.enqueue(utf8.encode(next));
      },
    });
  }

  it("yields every event of a body and ends at its close", async () => {
    const got: SseMessage[] = [];
    for await (const m of readSseStream(bodyOf(["data: 1\nid: 0\n", "\ndata: 2\nid: 1\n\n"]))) got.push(m);
    expect(got.map((m) => m.data)).toEqual(["1", "2"]);
  });

  it("yields everything received before a read failure, then throws what describeFailure made of it", async () => {
    const got: SseMessage[] = [];
    const seen: unknown[] = [];
    const body = bodyOf(["data: 1\nid: 0\n\nevent: tasks\ndata: {\"id\"", new Error("other side closed")]);
    const run = async () => {
      for await (const m of readSseStream(body, {
        describeFailure: (error, half, lastId) => {
          seen.push(half, lastId);
          return new Error(`wrapped: ${(error as Error).message}`);
        },
      }))
        got.push(m);
    };
    await expect(run()).rejects.toThrow("wrapped: other side closed");
    expect(got).toEqual([{ event: "message", data: "1", id: "0" }]);
    expect(seen).toEqual([{ event: "tasks", data: '{"id"' }, "0"]);
  });

  it("stops reading when the consumer breaks out early", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(utf8.encode("data: 1\n\ndata: 2\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const _ of readSseStream(body)) break;
    expect(cancelled).toBe(true);
  });
});

describe("parseSseData", () => {
  it("parses JSON data and names the event when it is not JSON", () => {
    expect(parseSseData({ event: "updates", data: '{"a":1}' })).toEqual({ a: 1 });
    expect(() => parseSseData({ event: "updates", data: '{"a":', id: "12" })).toThrow(SseDataError);
    expect(() => parseSseData({ event: "updates", data: '{"a":', id: "12" })).toThrow(/event "updates" \(id 12\) carries invalid JSON/);
  });
});
