// What "Switch deployment" offers: the deployments that answered on top, dead ones dropped.
import { describe, expect, it } from "vitest";
import { afterAnswer, deploymentRows } from "../../../src/host/deploymentList";

const A = "http://127.0.0.1:41001";
const B = "http://127.0.0.1:41002";
const DEAD = "http://127.0.0.1:41003";
const DEFAULT = "http://127.0.0.1:2024";

describe("afterAnswer", () => {
  it("puts a deployment that answered on top, once", () => {
    expect(afterAnswer([A, B], B, true)).toEqual([B, A]);
    expect(afterAnswer([], A, true)).toEqual([A]);
    expect(afterAnswer([A, B], A, true)).toEqual([A, B]);
  });

  it("drops a deployment that failed to answer, and keeps ten at most", () => {
    expect(afterAnswer([A, DEAD, B], DEAD, false)).toEqual([A, B]);
    expect(afterAnswer([A], DEAD, false)).toEqual([A]);
    const many = Array.from({ length: 10 }, (_, i) => `http://127.0.0.1:${42000 + i}`);
    expect(afterAnswer(many, A, true)).toEqual([A, ...many.slice(0, 9)]);
  });
});

describe("deploymentRows", () => {
  it("lists the deployments that answered first; a current one that does not answer comes after them, marked", () => {
    expect(deploymentRows(DEAD, false, [B, A], DEFAULT)).toEqual([
      { label: B, description: "" },
      { label: A, description: "" },
      { label: DEAD, description: "current · cannot be reached" },
      { label: DEFAULT, description: "local langgraph dev" },
    ]);
  });

  it("marks the current deployment where it is in the list when it answers, and lists the default once", () => {
    expect(deploymentRows(A, true, [A, DEFAULT], DEFAULT)).toEqual([
      { label: A, description: "current" },
      { label: DEFAULT, description: "" },
    ]);
    expect(deploymentRows(A, null, [], DEFAULT).map((r) => r.label)).toEqual([A, DEFAULT]);
  });
});
