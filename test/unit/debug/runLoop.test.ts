// The run loop's verdicts without a server or DAP: a fake driver hands it outcomes, and the loop says
// stop (why) or end (exit code), with what it wrote to the Debug Console.
import { describe, expect, it } from "vitest";
import type { ThreadDriver } from "../../../src/engine/driver/threadDriver";
import type { RunOutcome } from "../../../src/engine/model";
import { BreakpointTable } from "../../../src/debug/breakpoints";
import { ConsoleWriter } from "../../../src/debug/consoleWriter";
import { RunLoop, resumeAnswer } from "../../../src/debug/runLoop";
import type { Stop } from "../../../src/debug/stopView";

function stopAt(next: string[], state: Record<string, unknown> = {}): Stop {
  return { checkpointId: `cp-${next.join()}`, frames: next.map((name) => ({ name })), view: { state, writes: {}, changes: [], next: { nodes: next, interrupts: [] }, config: {} }, lastWriter: () => undefined };
}

function makeLoop(options: { continues?: RunOutcome[]; unreachable?: string; stop?: Stop } = {}) {
  const lines: string[] = [];
  const continues = [...(options.continues ?? [])];
  const driver = { supersteps: () => [], continue: async () => continues.shift() } as unknown as ThreadDriver;
  const breakpoints = new BreakpointTable();
  const loop = new RunLoop({
    driver: () => driver,
    breakpoints,
    console: new ConsoleWriter((text) => lines.push(text)),
    readStop: async () => options.stop ?? stopAt(["tools"]),
    unreachable: async () => options.unreachable,
  });
  return { loop, lines, breakpoints };
}

describe("RunLoop", () => {
  it("a finished run ends the session with exit code 0", async () => {
    const { loop, lines } = makeLoop();
    expect(await loop.run("start", async () => ({ status: "finished" }))).toEqual({ type: "end", exitCode: 0 });
    expect(lines.join("")).toContain("Run finished.");
  });

  it("a node error stops (exception) with the filter on, ends with exit code 1 with it off", async () => {
    const failed: RunOutcome = { status: "failed", node: "explode", message: "Boom" };
    const on = makeLoop();
    expect(await on.loop.run("start", async () => failed)).toMatchObject({ type: "stop", reason: "exception", description: "Boom" });
    const off = makeLoop();
    off.loop.setFilters(["interrupt"]);
    expect(await off.loop.run("start", async () => failed)).toEqual({ type: "end", exitCode: 1 });
    expect(off.lines.join("")).toContain('"Node errors" exception filter is off');
  });

  it("interrupt() stops with its question; with the interrupt filter off the session ends and says the thread waits", async () => {
    const waiting: RunOutcome = { status: "waiting", interrupts: [{ id: "i1", value: { question: "Approve?" }, ns: [] }] };
    expect(await makeLoop().loop.run("start", async () => waiting)).toMatchObject({ type: "stop", reason: "interrupt", description: "Approve?" });
    const off = makeLoop();
    expect(off.loop.setFilters(["nodeError", "bogus"])).toEqual([{ verified: true }, { verified: false, message: "No exception filter bogus (filters: nodeError, interrupt)." }]);
    expect(await off.loop.run("start", async () => waiting)).toEqual({ type: "end", exitCode: 0 });
    expect(off.lines.join("")).toMatch(/waits in interrupt\(\): Approve\?.*attach to the thread to answer it/);
  });

  it("a followed run's own pause is a stop (reason breakpoint), whatever the session's breakpoints", async () => {
    const { loop } = makeLoop();
    expect(await loop.run("follow", async () => ({ status: "paused", when: "before", nodes: ["tools"] }))).toEqual({ type: "stop", reason: "breakpoint", description: "Paused before tools (the run's own breakpoint)" });
  });

  it("a pause no breakpoint wants goes on until one does", async () => {
    const { loop, breakpoints, lines } = makeLoop({ continues: [{ status: "finished" }], stop: stopAt(["tools"], { count: 0 }) });
    breakpoints.setFunctionBreakpoints([{ name: "tools", condition: "count > 1" }]);
    const verdict = await loop.run("start", async () => ({ status: "paused", when: "before", nodes: ["tools"] }));
    expect(verdict).toEqual({ type: "end", exitCode: 0 });
    expect(lines.join("")).toContain("condition `count > 1` is false; going on");
  });

  it("a deployment that went away ends the session, whether the run failed or could not start", async () => {
    const failed = makeLoop({ unreachable: "cannot reach the LangGraph server at http://x (connection refused)" });
    expect(await failed.loop.run("continue", async () => ({ status: "failed", message: "lost the stream" }))).toEqual({ type: "end", exitCode: 1 });
    expect(failed.lines.join("")).toContain("The deployment went away: cannot reach the LangGraph server at http://x (connection refused) (lost the stream)");
    const refused = makeLoop({ unreachable: "gone" });
    expect(
      await refused.loop.run("continue", async () => {
        throw new Error("fetch failed");
      }),
    ).toEqual({ type: "end", exitCode: 1 });
  });

  it("resumeAnswer: the value, or a map keyed by the interrupt id, with update and goto; refuses what cannot be answered", () => {
    const waiting = [{ id: "i1", value: "q", ns: [] }];
    expect(resumeAnswer({ value: "yes" }, waiting)).toEqual({ resume: "yes" });
    expect(resumeAnswer({ value: "yes", interruptId: "i1" }, waiting)).toEqual({ resume: { i1: "yes" } });
    expect(resumeAnswer({ answers: { i1: 2 }, update: { k: 1 }, goto: "archive" }, waiting)).toEqual({ resume: { i1: 2 }, update: { k: 1 }, goto: "archive" });
    expect(() => resumeAnswer({ value: "yes" }, [])).toThrow(/Nothing waits/);
    expect(() => resumeAnswer({}, waiting)).toThrow(/needs a `value`/);
    expect(() => resumeAnswer({ value: 1, interruptId: "nope" }, waiting)).toThrow(/No interrupt nope waits \(waiting: i1\)/);
  });
});
