// Utf8StreamDecoder must give exactly TextDecoder's text, however the bytes are cut.
import { describe, expect, it } from "vitest";
import { Utf8StreamDecoder } from "../../src/engine/client/utf8";

/** Small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function reference(bytes: Uint8Array, cuts: number[]): string {
  const decoder = new TextDecoder("utf-8");
  let text = "";
  let from = 0;
  for (const to of [...cuts, bytes.length]) {
    text += decoder.decode(bytes.subarray(from, to), { stream: true });
    from = to;
  }
  return text + decoder.decode();
}

function ours(bytes: Uint8Array, cuts: number[]): string {
  const decoder = new Utf8StreamDecoder();
  let text = "";
  let from = 0;
  for (const to of [...cuts, bytes.length]) {
    text += decoder.decode(bytes.subarray(from, to));
    from = to;
  }
  return text + decoder.end();
}

const utf8 = new TextEncoder();
/** Pieces of text: long ASCII runs (spanning 1 KiB blocks), 2-, 3- and 4-byte characters. */
const PIECES = ["data: {\"content\": \"token\"}\n", "°", "é✓", "😀", "\n\n", "x".repeat(1500), "\uFEFF"];

function sample(next: () => number): Uint8Array {
  const parts: string[] = [];
  const count = 1 + Math.floor(next() * 40);
  for (let i = 0; i < count; i++) parts.push(PIECES[Math.floor(next() * PIECES.length)]);
  const bytes = utf8.encode(parts.join(""));
  // Now and then break the UTF-8: a lone continuation byte, or a lead byte followed by ASCII.
  if (next() < 0.3 && bytes.length > 2) bytes[Math.floor(next() * bytes.length)] = next() < 0.5 ? 0x80 : 0xe2;
  return bytes;
}

function cutsOf(length: number, next: () => number): number[] {
  const cuts: number[] = [];
  for (let at = 0; at < length; at += 1 + Math.floor(next() * (next() < 0.5 ? 8 : 3000))) if (at > 0) cuts.push(at);
  return cuts;
}

describe("Utf8StreamDecoder", () => {
  it("equals TextDecoder on random text, cuts and broken bytes", () => {
    const next = random(20260511);
    for (let trial = 0; trial < 400; trial++) {
      const bytes = sample(next);
      const cuts = cutsOf(bytes.length, next);
      expect(ours(bytes, cuts), `trial ${trial}`).toBe(reference(bytes, cuts));
    }
  });

  it("drops a leading byte order mark, even cut in three, and keeps one later in the stream", () => {
    const bytes = utf8.encode("\uFEFFdata: 1\n\n" + "a".repeat(2048) + "\uFEFF°");
    for (const cuts of [[], [1, 2, 3], [2048 + 12]]) {
      expect(ours(bytes, cuts)).toBe(reference(bytes, cuts));
      expect(ours(bytes, cuts).startsWith("data: 1")).toBe(true);
    }
  });

  it("a character cut by the end of the stream becomes U+FFFD", () => {
    const bytes = utf8.encode("ab✓").subarray(0, 4);
    expect(ours(bytes, [3])).toBe("ab\uFFFD");
  });

  it("takes plain Uint8Arrays as well as Buffers", () => {
    const bytes = new Uint8Array(utf8.encode("x".repeat(3000) + "é"));
    expect(ours(bytes, [1024, 2048])).toBe("x".repeat(3000) + "é");
  });
});
