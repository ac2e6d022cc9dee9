// package.json's `contributes.debuggers` describes the `langgraph` debug type to VS Code: its launch and
// attach attributes must be exactly the fields the adapter reads, so the two cannot drift.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CAPABILITIES } from "../../../src/debug/inspector";
import { ATTACH_FIELDS, LAUNCH_FIELDS } from "../../../src/debug/launch";
import { EXCEPTION_FILTERS } from "../../../src/debug/runLoop";

interface DebuggerContribution {
  type: string;
  configurationAttributes: Record<"launch" | "attach", { required?: string[]; properties: Record<string, unknown> }>;
  initialConfigurations?: Record<string, unknown>[];
  configurationSnippets?: { body: Record<string, unknown> }[];
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, "../../../package.json"), "utf8")) as { contributes: { debuggers: DebuggerContribution[] } };
const debuggers = manifest.contributes.debuggers;
const langgraph = debuggers.find((d) => d.type === "langgraph");
/** Keys every DAP configuration has, whatever the debug type. */
const COMMON = new Set(["type", "request", "name"]);

describe("package.json contributes.debuggers", () => {
  it("contributes the one debug type, langgraph", () => {
    expect(debuggers.map((d) => d.type)).toEqual(["langgraph"]);
  });

  it("launch attributes are exactly LaunchArguments' fields", () => {
    expect(Object.keys(langgraph!.configurationAttributes.launch.properties).sort()).toEqual([...LAUNCH_FIELDS].sort());
  });

  it("attach attributes are exactly AttachArguments' fields, and thread is required", () => {
    expect(Object.keys(langgraph!.configurationAttributes.attach.properties).sort()).toEqual([...ATTACH_FIELDS].sort());
    expect(langgraph!.configurationAttributes.attach.required).toEqual(["thread"]);
  });

  it("initial configurations and snippets use only known attributes", () => {
    const bodies = [...(langgraph!.initialConfigurations ?? []), ...(langgraph!.configurationSnippets ?? []).map((s) => s.body)];
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) {
      expect(body.type).toBe("langgraph");
      const fields: readonly string[] = body.request === "attach" ? ATTACH_FIELDS : LAUNCH_FIELDS;
      expect(Object.keys(body).filter((k) => !COMMON.has(k) && !fields.includes(k))).toEqual([]);
    }
  });

  it("the adapter offers exactly the exception filters the run loop reads", () => {
    expect((CAPABILITIES.exceptionBreakpointFilters ?? []).map((f) => f.filter)).toEqual([...EXCEPTION_FILTERS]);
  });
});
