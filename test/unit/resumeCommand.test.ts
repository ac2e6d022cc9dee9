// The Command a resume sends, checked against the interrupts that wait (measured server behaviour in docs/SERVER-DIFFERENCES.md §13).
import { describe, expect, it } from "vitest";
import { readResumeRequest, resumeCommand } from "../../src/engine/resumeCommand";
import type { InterruptInfo } from "../../src/engine/model";

const legal: InterruptInfo = { id: "a1", node: "legal", ns: [], value: { question: "Legal?" } };
const finance: InterruptInfo = { id: "b2", node: "finance", ns: [], value: { question: "Budget?" } };

describe("resumeCommand", () => {
  it("one value for the only interrupt goes as is; for several it goes to each by id", () => {
    expect(resumeCommand({ value: "yes" }, [legal])).toEqual({ resume: "yes" });
    expect(resumeCommand({ value: "yes" }, [legal, finance])).toEqual({ resume: { a1: "yes", b2: "yes" } });
  });

  it("answers by id leave the others waiting; an id that does not wait is refused (the JS server would take the map as a value)", () => {
    expect(resumeCommand({ interruptId: "b2", value: { budget: 1 } }, [legal, finance])).toEqual({ resume: { b2: { budget: 1 } } });
    expect(resumeCommand({ answers: { a1: "ok", b2: 3 } }, [legal, finance])).toEqual({ resume: { a1: "ok", b2: 3 } });
    expect(() => resumeCommand({ answers: { zz: 1 } }, [legal, finance])).toThrow("No interrupt zz waits (waiting: a1, b2).");
    expect(() => resumeCommand({ value: 1 }, [])).toThrow(/Nothing waits/);
    expect(() => resumeCommand({}, [legal])).toThrow(/No answer given/);
  });

  it("update and goto ride along; an update that is not an object is refused", () => {
    expect(resumeCommand({ value: "yes", update: { request: "x" }, goto: "archive" }, [legal])).toEqual({ resume: "yes", update: { request: "x" }, goto: "archive" });
    expect(resumeCommand({ value: "yes", goto: "" }, [legal])).toEqual({ resume: "yes" });
    expect(() => resumeCommand({ value: "yes", update: [1] as unknown as Record<string, unknown> }, [legal])).toThrow(/`update` must be an object/);
  });

  it("reads command and DAP arguments", () => {
    expect(readResumeRequest({ value: null, interruptId: "a1", update: { k: 1 }, goto: ["x"] })).toEqual({ value: null, interruptId: "a1", update: { k: 1 }, goto: ["x"] });
    expect(readResumeRequest(undefined)).toEqual({});
  });
});
