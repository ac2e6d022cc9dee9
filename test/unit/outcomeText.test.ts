import { describe, expect, it } from "vitest";
import { describeOutcome } from "../../src/engine/outcome";

describe("describeOutcome", () => {
  it("keeps a subgraph node's whole name in the short form (no cut at its colon)", () => {
    const failed = { status: "failed" as const, node: "child:child_llm", message: "Boom: the model failed" };
    expect(describeOutcome(failed, { short: true })).toBe("failed in child:child_llm");
    expect(describeOutcome(failed)).toBe("failed in child:child_llm: Boom: the model failed");
  });
});
