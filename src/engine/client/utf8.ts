// UTF-8 bytes to text for the event streams, fast for what servers send: almost all ASCII (the
// 20k-event bench stream has one non-ASCII character per 11,000 bytes, but in every 64 KiB read).
// TextDecoder took ~15% of the pipeline's time; copying ASCII as Latin-1 and decoding only the
// blocks that hold other bytes gives the same text for about a third of that.

import { isAscii } from "node:buffer";

/** Bytes checked at a time; runs of ASCII blocks are copied in one piece. 1 KiB measured best. */
const BLOCK_BYTES = 1024;

/** Streaming UTF-8 decoder (chunks may split characters), like `TextDecoder` with `stream: true`. */
export class Utf8StreamDecoder {
  /** Does the rest. `ignoreBOM`: it may first see the middle of the stream; a leading BOM is dropped below. */
  private readonly decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  /** The decoder holds no part of a character, so ASCII may bypass it. */
  private clean = true;
  /** Some text came out already (a BOM is dropped only at the very start). */
  private started = false;

  /** Text of the next chunk (a character cut at its end comes out with the next one). */
  decode(chunk: Uint8Array): string {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let text = "";
    let asciiFrom = -1;
    for (let at = 0; at < bytes.length; at += BLOCK_BYTES) {
      const end = Math.min(bytes.length, at + BLOCK_BYTES);
      const block = bytes.subarray(at, end);
      if (this.clean && isAscii(block)) {
        if (asciiFrom < 0) asciiFrom = at;
        continue;
      }
      if (asciiFrom >= 0) {
        text += bytes.toString("latin1", asciiFrom, at);
        asciiFrom = -1;
      }
      text += this.decoder.decode(block, { stream: true });
      // An ASCII byte ends whatever character the decoder held (complete, or replaced by U+FFFD).
      this.clean = bytes[end - 1] < 0x80;
    }
    if (asciiFrom >= 0) text += bytes.toString("latin1", asciiFrom, bytes.length);
    return this.dropLeadingBom(text);
  }

  /** Text of what is left at the end of the stream (U+FFFD for a character cut short). */
  end(): string {
    this.clean = true;
    return this.dropLeadingBom(this.decoder.decode());
  }

  private dropLeadingBom(text: string): string {
    if (this.started || text === "") return text;
    this.started = true;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}
