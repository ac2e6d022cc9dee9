// A form for an interrupt's answer, built from its `response_schema` (JSON Schema). Only flat
// shapes become a form: an object of strings, numbers, booleans and enums, or one such value.
// Anything else is answered as JSON. Shared by the webview (draws it) and tests; no DOM, no vscode.

/** One field of the form. */
export interface AnswerField {
  /** Property name; "" for a schema that is one value, not an object. */
  name: string;
  kind: "string" | "number" | "integer" | "boolean" | "enum";
  required: boolean;
  description?: string;
  /** The choices of an enum, as JSON values. */
  options?: unknown[];
}

type Schema = { type?: unknown; enum?: unknown; properties?: Record<string, unknown>; required?: unknown; description?: unknown; title?: unknown };

function fieldOf(name: string, raw: unknown, required: boolean): AnswerField | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const schema = raw as Schema;
  const description = typeof schema.description === "string" ? schema.description : typeof schema.title === "string" ? schema.title : undefined;
  const base = { name, required, ...(description ? { description } : {}) };
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return { ...base, kind: "enum", options: schema.enum };
  if (schema.type === "string" || schema.type === "number" || schema.type === "integer" || schema.type === "boolean") return { ...base, kind: schema.type };
  return undefined;
}

/** The form's fields, or undefined when the schema is not flat enough for one. */
export function answerFields(schema: unknown): AnswerField[] | undefined {
  if (!schema || typeof schema !== "object") return undefined;
  const s = schema as Schema;
  const single = fieldOf("", s, true);
  if (single) return [single];
  if (s.type !== "object" || !s.properties || typeof s.properties !== "object") return undefined;
  const required = new Set(Array.isArray(s.required) ? s.required : []);
  const fields: AnswerField[] = [];
  for (const [name, prop] of Object.entries(s.properties)) {
    const field = fieldOf(name, prop, required.has(name));
    if (!field) return undefined;
    fields.push(field);
  }
  return fields.length > 0 ? fields : undefined;
}

/** What a field's input holds: text (strings, numbers, enums by index) or a checkbox's state. */
export type FieldInput = string | boolean;

/**
 * The answer the form makes. Numbers that do not parse stay text, so the host's check names the
 * field; empty optional fields are left out; an enum's input is the index of its option.
 */
export function formValue(fields: AnswerField[], inputs: Record<string, FieldInput | undefined>): unknown {
  const valueOf = (field: AnswerField): { set: boolean; value?: unknown } => {
    const input = inputs[field.name];
    if (field.kind === "boolean") return { set: true, value: input === true };
    const text = typeof input === "string" ? input : "";
    if (field.kind === "enum") return text === "" ? { set: false } : { set: true, value: field.options?.[Number(text)] };
    if (text.trim() === "") return field.kind === "string" && field.required ? { set: true, value: "" } : { set: false };
    if (field.kind === "string") return { set: true, value: text };
    const n = Number(text.trim());
    return { set: true, value: Number.isFinite(n) ? n : text };
  };
  if (fields.length === 1 && fields[0].name === "") return valueOf(fields[0]).value;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const { set, value } = valueOf(field);
    if (set) out[field.name] = value;
  }
  return out;
}
