// The run form's schema walker and the host's checks, on the schemas both sample servers really
// report (test/fixtures/{js,python}/schemas.json, recorded from GET /assistants/{id}/schemas).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configurableOf, HISTORY_SIZE, RunForms } from "../../src/host/runForm";
import { checkRunForm } from "../../src/host/runFormCheck";
import { answerFields } from "../../src/shared/answerForm";
import { emptyValue, fieldNode, formFields, numberFromText, unknownKeys, type FieldNode, type NamedField } from "../../src/shared/schemaFields";

type Schemas = Record<string, { input_schema: unknown; config_schema: unknown; context_schema: unknown }>;
const fixture = (server: string): Schemas => JSON.parse(readFileSync(join(__dirname, "../fixtures", server, "schemas.json"), "utf8")) as Schemas;
const SERVERS = { js: fixture("js"), python: fixture("python") };
const kinds = (fields: NamedField[] | undefined) => Object.fromEntries((fields ?? []).map((f) => [f.name, f.node.kind]));

describe.each(Object.entries(SERVERS))("schemas of the %s server", (server, schemas) => {
  it("draws agent's input as a message list, whatever its item schema says", () => {
    expect(kinds(formFields(schemas.agent.input_schema))).toEqual({ messages: "messages" });
  });

  it("draws agent's settings: numbers, the units enum and a string, all optional", () => {
    const fields = formFields(configurableOf(schemas.agent.config_schema))!;
    const number = server === "js" ? "number" : "integer";
    expect(kinds(fields)).toEqual({ delay_ms: number, tokens: number, units: "enum", user_name: "string" });
    expect(fields.every((f) => !f.required)).toBe(true);
    expect((fields.find((f) => f.name === "units")!.node as Extract<FieldNode, { kind: "enum" }>).options).toEqual(["celsius", "fahrenheit"]);
    expect(kinds(formFields(schemas.agent.context_schema))).toEqual(kinds(fields));
  });

  it("draws hitl's strings and boolean, its untyped `verdict` as JSON", () => {
    expect(kinds(formFields(schemas.hitl.input_schema))).toEqual({ draft_text: "string", messages: "messages", published: "boolean", topic: "string", verdict: "json" });
  });

  it("checks agent's settings and names the field of each mistake", () => {
    const values = { input: { messages: [{ role: "user", content: "hi" }] }, config: { tokens: "many", units: "kelvin" } };
    expect(checkRunForm({ input: schemas.agent.input_schema, config: configurableOf(schemas.agent.config_schema) }, values)).toEqual({
      "config/tokens": server === "js" ? "Must be number." : "Must be integer.",
      "config/units": 'Must be one of "celsius", "fahrenheit".',
    });
    expect(checkRunForm({ input: schemas.agent.input_schema, config: configurableOf(schemas.agent.config_schema), context: schemas.agent.context_schema }, { ...values, config: { tokens: 3, units: "fahrenheit" }, context: { user_name: "Ada" } })).toEqual({});
  });

  it("finds the keys the input schema does not know", () => {
    const input = schemas.approvals.input_schema;
    expect(unknownKeys(input, { request: "x", subject: "work", config: {} })).toEqual(["subject", "config"]);
  });
});

describe("the schema walker", () => {
  it("resolves $ref into definitions and $defs, takes anyOf [X, null] as X, and stops at a ref that leads back into itself", () => {
    const schema = {
      type: "object",
      required: ["owner"],
      properties: {
        owner: { $ref: "#/$defs/Person" },
        note: { anyOf: [{ type: "string" }, { type: "null" }], description: "a long paragraph" },
        tags: { type: "array", items: { type: "string", maxLength: 20 } },
        mixed: { anyOf: [{ type: "object" }, { type: "array", items: {} }] },
      },
      $defs: { Person: { type: "object", required: ["name"], properties: { name: { type: "string" }, boss: { $ref: "#/$defs/Person" } } } },
    };
    const node = fieldNode(schema) as Extract<FieldNode, { kind: "object" }>;
    const owner = node.fields[0];
    expect(owner).toMatchObject({ name: "owner", required: true, node: { kind: "object" } });
    const boss = (owner.node as Extract<FieldNode, { kind: "object" }>).fields[1];
    // Person inside Person: its second drawing would never end, so it is JSON.
    expect(boss).toMatchObject({ name: "boss", required: false, node: { kind: "json" } });
    expect(node.fields[1].node).toMatchObject({ kind: "string", multiline: true, description: "a long paragraph" });
    expect(node.fields[2].node).toEqual({ kind: "array", items: { kind: "string", multiline: false } });
    // The first variant a form can draw; the JSON toggle reaches the others.
    expect(node.fields[3].node).toEqual({ kind: "array", items: { kind: "json" } });
    expect(emptyValue(node)).toEqual({ owner: { name: "" } });
  });

  it("keeps a number box's text when it is not a number, so the host's check names the field", () => {
    expect(numberFromText(" 42 ", "integer")).toBe(42);
    expect(numberFromText("4.5", "integer")).toBe("4.5");
    expect(numberFromText("4.5", "number")).toBe(4.5);
    expect(numberFromText("", "number")).toBeUndefined();
  });

  it("is the walker behind the interrupt answer form: flat schemas only", () => {
    expect(answerFields({ type: "object", properties: { budget: { $ref: "#/definitions/Budget" } }, definitions: { Budget: { type: "integer" } } })).toEqual([{ name: "budget", kind: "integer", required: false }]);
    expect(answerFields({ type: "object", properties: { list: { type: "array", items: { type: "string" } } } })).toBeUndefined();
    expect(answerFields({ enum: ["yes", "no"] })).toEqual([{ name: "", kind: "enum", required: true, options: ["yes", "no"] }]);
  });

  it("unwraps a config schema that nests its fields under `configurable`", () => {
    const nested = { type: "object", properties: { configurable: { $ref: "#/$defs/C" } }, $defs: { C: { type: "object", properties: { units: { enum: ["a", "b"] } } } } };
    expect(kinds(formFields(configurableOf(nested)))).toEqual({ units: "enum" });
  });
});

describe("RunForms (the host half)", () => {
  /** workspaceState as VS Code keeps it: values by key. */
  function memento() {
    const values = new Map<string, unknown>();
    return { get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback), update: async (key: string, value: unknown) => void values.set(key, value), keys: () => [...values.keys()] };
  }
  const agent = SERVERS.js.agent;
  const forms = (m = memento()) => new RunForms({ schemas: async () => agent as never, name: async () => "agent", memento: m as never });

  it("opens with the schemas (config unwrapped) and the history; a failed schema read still opens a JSON form", async () => {
    const opened = await forms().open({ type: "openRunForm", assistantId: "a1" });
    expect(opened).toMatchObject({ type: "runForm", assistantId: "a1", name: "agent", history: [] });
    expect(kinds(formFields(opened.schemas.config))).toMatchObject({ units: "enum" });
    const broken = new RunForms({ schemas: () => Promise.reject(new Error("502 Bad Gateway")), name: async () => "agent", memento: memento() as never });
    expect(await broken.open({ type: "openRunForm", assistantId: "a1" })).toMatchObject({ schemas: {}, error: "Could not read the assistant's schemas: 502 Bad Gateway" });
  });

  it("turns values that fit into Stream run's request and keeps them (newest first, no repeats); values that do not fit are only answered", async () => {
    const m = memento();
    const host = forms(m);
    const input = { messages: [{ role: "user", content: "hi" }] };
    expect(await host.submit({ type: "submitRunForm", requestId: 1, assistantId: "a1", values: { input, config: { tokens: "x" } } })).toEqual({ problems: { "config/tokens": "Must be number." } });
    expect(host.history("a1")).toEqual([]);
    const ok = await host.submit({ type: "submitRunForm", requestId: 2, assistantId: "a1", values: { input, config: { units: "fahrenheit" }, context: { user_name: "Ada" } }, threadId: "t1" });
    expect(ok.request).toEqual({ assistantId: "a1", threadId: "t1", input, config: { configurable: { units: "fahrenheit" } }, context: { user_name: "Ada" } });
    await host.submit({ type: "submitRunForm", requestId: 3, assistantId: "a1", values: { input: {} } });
    await host.submit({ type: "submitRunForm", requestId: 4, assistantId: "a1", values: { input, config: { units: "fahrenheit" }, context: { user_name: "Ada" } } });
    expect(host.history("a1").map((v) => v.input)).toEqual([input, {}]);
    for (let i = 0; i < 25; i++) await host.submit({ type: "submitRunForm", requestId: 10 + i, assistantId: "a1", values: { input: { messages: [{ role: "user", content: String(i) }] } } });
    expect(host.history("a1")).toHaveLength(HISTORY_SIZE);
  });

  it("refuses config and context together before sending to a server that would refuse them (Python, §15)", async () => {
    const python = new RunForms({ schemas: async () => SERVERS.python.agent as never, name: async () => "agent", memento: memento() as never, refusesConfigWithContext: () => true });
    const values = { input: { messages: [] }, config: { units: "fahrenheit" }, context: { user_name: "Ada" } };
    expect((await python.submit({ type: "submitRunForm", requestId: 1, assistantId: "a1", values })).problems).toEqual({ context: expect.stringContaining("refuses a run with both config and context") });
    expect((await python.submit({ type: "submitRunForm", requestId: 2, assistantId: "a1", values: { ...values, config: {} } })).request?.context).toEqual({ user_name: "Ada" });
  });
});
