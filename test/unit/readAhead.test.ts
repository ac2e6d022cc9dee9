// readAhead (nodeHttp.ts): the body reader the event streams use, on plain Node streams.
import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readAhead } from "../../src/engine/client/nodeHttp";

const text = (chunks: Buffer[]) => chunks.map((c) => c.toString()).join("");

async function collect(body: Readable, limit?: number): Promise<{ chunks: Buffer[]; error?: unknown }> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of readAhead(body, limit)) chunks.push(chunk);
  } catch (error) {
    return { chunks, error };
  }
  return { chunks };
}

describe("readAhead", () => {
  it("yields every chunk in order and ends with the body", async () => {
    const { chunks, error } = await collect(Readable.from(["a", "b", "c"].map((s) => Buffer.from(s))));
    expect(error).toBeUndefined();
    expect(text(chunks)).toBe("abc");
  });

  it("pauses the body once `limit` bytes wait, and resumes as they are taken", async () => {
    const body = new PassThrough();
    const reader = readAhead(body, 10);
    const first = reader.next();
    for (let i = 0; i < 5; i++) body.write(Buffer.from("0123"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(body.isPaused()).toBe(true);
    const got = [(await first).value as Buffer];
    while (body.isPaused()) got.push((await reader.next()).value as Buffer);
    body.end();
    for (let next = await reader.next(); !next.done; next = await reader.next()) got.push(next.value);
    expect(text(got)).toBe("0123".repeat(5));
  });

  it("yields what arrived before a failure, then throws it", async () => {
    const body = new PassThrough();
    body.write("before");
    setImmediate(() => body.destroy(Object.assign(new Error("aborted"), { code: "ECONNRESET" })));
    const { chunks, error } = await collect(body);
    expect(text(chunks)).toBe("before");
    expect(error).toMatchObject({ message: "aborted", code: "ECONNRESET" });
  });

  it("takes the bytes at once: a reset before the first read does not lose what arrived before it", async () => {
    const body = new PassThrough();
    const reader = readAhead(body);
    body.write("arrived");
    await new Promise((resolve) => setImmediate(resolve));
    // A destroyed stream drops what it still buffers; readAhead has taken it already.
    body.destroy(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
    const chunks: Buffer[] = [];
    const failed = (async () => {
      for await (const chunk of reader) chunks.push(chunk);
    })();
    await expect(failed).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(text(chunks)).toBe("arrived");
  });

  it("a failure before reading started is still thrown", async () => {
    const body = new PassThrough();
    body.on("error", () => undefined);
    body.destroy(new Error("reset early"));
    await new Promise((resolve) => setImmediate(resolve));
    expect((await collect(body)).error).toMatchObject({ message: "reset early" });
  });

  it("a body destroyed without an error reads as cut, not as its end", async () => {
    const body = new PassThrough();
    body.write("part");
    setImmediate(() => body.destroy());
    const { chunks, error } = await collect(body);
    expect(text(chunks)).toBe("part");
    expect(error).toMatchObject({ code: "ECONNRESET" });
  });

  it("leaving early destroys the body", async () => {
    const body = new PassThrough();
    body.write("one");
    for await (const _ of readAhead(body)) break;
    expect(body.destroyed).toBe(true);
  });
});
