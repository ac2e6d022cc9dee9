// The Threads view's refresh: refreshes that come while a read runs (a shown checkpoint refreshes
// twice in a few ms) must end in one redraw after the last read, never one between two reads: CI
// caught "Re-run from checkpoint" clicked in that window, given no row.
import { describe, expect, it } from "vitest";
import { ReadThenRedraw } from "../../../src/host/readThenRedraw";

/** Reads the test ends by hand, and the log of what ran in which order. */
function scripted() {
  const log: string[] = [];
  const pending: (() => void)[] = [];
  let reads = 0;
  const cycle = new ReadThenRedraw({
    read: () => {
      const n = ++reads;
      log.push(`read ${n}`);
      return new Promise<void>((resolve, reject) => pending.push(() => (n === failing ? reject(new Error("refused")) : resolve())));
    },
    redrawIfChanged: () => log.push("redraw"),
  });
  let failing = 0;
  return {
    cycle,
    log,
    failRead: (n: number) => (failing = n),
    /** Ends the oldest read still running and lets what follows it run. */
    async endRead() {
      pending.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

describe("ReadThenRedraw", () => {
  it("reads, then redraws once", async () => {
    const s = scripted();
    const done = s.cycle.refresh();
    expect(s.log).toEqual(["read 1"]);
    await s.endRead();
    await done;
    expect(s.log).toEqual(["read 1", "redraw"]);
  });

  it("folds refreshes asked for during a read into one more read, and redraws only after it", async () => {
    const s = scripted();
    const first = s.cycle.refresh();
    const second = s.cycle.refresh();
    const third = s.cycle.refresh();
    expect(second).toBe(first);
    expect(third).toBe(first);
    await s.endRead();
    // The first read is out of date: no redraw between it and the next read.
    expect(s.log).toEqual(["read 1", "read 2"]);
    await s.endRead();
    await first;
    expect(s.log).toEqual(["read 1", "read 2", "redraw"]);
  });

  it("a refresh during the second read asks for a third; one asked for after the last redraw starts anew", async () => {
    const s = scripted();
    void s.cycle.refresh();
    void s.cycle.refresh();
    await s.endRead();
    void s.cycle.refresh();
    await s.endRead();
    expect(s.log).toEqual(["read 1", "read 2", "read 3"]);
    await s.endRead();
    expect(s.log).toEqual(["read 1", "read 2", "read 3", "redraw"]);
    const later = s.cycle.refresh();
    await s.endRead();
    await later;
    expect(s.log).toEqual(["read 1", "read 2", "read 3", "redraw", "read 4", "redraw"]);
  });

  it("a failed read still ends in the redraw (the tree reports it there) and a later refresh reads again", async () => {
    const s = scripted();
    s.failRead(1);
    const done = s.cycle.refresh();
    await s.endRead();
    await expect(done).resolves.toBeUndefined();
    expect(s.log).toEqual(["read 1", "redraw"]);
    const again = s.cycle.refresh();
    await s.endRead();
    await again;
    expect(s.log).toEqual(["read 1", "redraw", "read 2", "redraw"]);
  });
});
