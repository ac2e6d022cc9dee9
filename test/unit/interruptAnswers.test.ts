// The banner's answers checked by the host: JSON that parses, values that fit response_schema (ajv),
// update an object, goto a node; the form's value built from the schema's fields.
import { describe, expect, it } from "vitest";
import type { InterruptInfo } from "../../src/engine/model";
import { checkAnswers } from "../../src/host/interruptAnswers";
import { answerFields, formValue } from "../../src/shared/answerForm";

const BUDGET = { type: "object", properties: { budget: { type: "integer", minimum: 0, description: "EUR" }, note: { type: "string" } }, required: ["budget"] };
const legal: InterruptInfo = { id: "l1", node: "legal", ns: [], value: { question: "Legal?" } };
const finance: InterruptInfo = { id: "f1", node: "finance", ns: [], value: { question: "Budget?" }, responseSchema: BUDGET };
const NODES = ["legal", "finance", "sign", "archive"];

describe("checkAnswers", () => {
  it("parses JSON answers, checks form values against response_schema, and passes update and goto on", () => {
    expect(checkAnswers({ answers: { l1: { json: '"approve"' }, f1: { form: { budget: 1000 } } }, update: '{"request": "x"}', goto: "archive" }, [legal, finance], NODES)).toEqual({
      request: { answers: { l1: "approve", f1: { budget: 1000 } }, update: { request: "x" }, goto: "archive" },
    });
  });

  it("says what is wrong, per interrupt and for update and goto", () => {
    const checked = checkAnswers({ answers: { l1: { json: "approve" }, f1: { form: { budget: "lots" } } }, update: "[1]", goto: "nowhere" }, [legal, finance], NODES);
    expect(checked.problems).toEqual({
      l1: expect.stringMatching(/^Not valid JSON: .* Text goes in quotes: "approve"\.$/),
      f1: "$.budget must be integer",
      update: expect.stringMatching(/must be a JSON object/),
      goto: '"nowhere" is not a node of this graph.',
    });
    expect(checkAnswers({ answers: { f1: { form: {} } } }, [finance], NODES).problems).toEqual({ f1: "$.budget is required" });
    expect(checkAnswers({ answers: { f1: { form: { budget: -1 } } } }, [finance], NODES).problems).toEqual({ f1: "$.budget must be >= 0" });
    expect(checkAnswers({ answers: { gone: { json: "1" } } }, [legal], NODES).problems).toEqual({ gone: expect.stringMatching(/no longer waits/) });
    expect(checkAnswers({ answers: { l1: { json: "  " } } }, [legal], NODES).problems).toEqual({ l1: expect.stringMatching(/^Type an answer/) });
  });
});

describe("answer form", () => {
  it("flat schemas become fields; numbers that do not parse stay text for the check to name", () => {
    const fields = answerFields(BUDGET)!;
    expect(fields).toEqual([
      { name: "budget", kind: "integer", required: true, description: "EUR" },
      { name: "note", kind: "string", required: false },
    ]);
    expect(formValue(fields, { budget: " 12 ", note: "" })).toEqual({ budget: 12 });
    expect(formValue(fields, { budget: "lots", note: "n" })).toEqual({ budget: "lots", note: "n" });
    const choice = answerFields({ enum: ["yes", "no"] })!;
    expect(formValue(choice, { "": "1" })).toBe("no");
    expect(answerFields({ type: "object", properties: { nested: { type: "object" } } })).toBeUndefined();
    expect(answerFields(undefined)).toBeUndefined();
    expect(formValue(answerFields({ type: "object", properties: { ok: { type: "boolean" } } })!, {})).toEqual({ ok: false });
  });
});
