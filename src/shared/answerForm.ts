// A form for an interrupt's answer, built from its `response_schema` (JSON Schema). Only flat
// shapes become a form: an object of strings, numbers, booleans and enums, or one such value.
// Anything else is answered as JSON. The schema is read by the one walker, schemaFields.ts. No DOM, no vscode.
import { fieldNode, type FieldNode } from "./schemaFields";

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

/** A flat field of the shared schema walker (schemaFields.ts) as an answer field; undefined for anything deeper. */
function flat(name: string, node: FieldNode, required: boolean): AnswerField | undefined {
  const description = node.description ?? node.title;
  const base = { name, required, ...(description ? { description } : {}) };
  if (node.kind === "enum") return { ...base, kind: "enum", options: node.options };
  if (node.kind === "string" || node.kind === "number" || node.kind === "integer" || node.kind === "boolean") return { ...base, kind: node.kind };
  return undefined;
}

/** The form's fields, or undefined when the schema is not flat enough for one. */
export function answerFields(schema: unknown): AnswerField[] | undefined {
  if (!schema || typeof schema !== "object") return undefined;
  const node = fieldNode(schema);
  const single = flat("", node, true);
  if (single) return [single];
  if (node.kind !== "object") return undefined;
  const fields: AnswerField[] = [];
  for (const field of node.fields) {
    const answer = flat(field.name, field.node, field.required);
    if (!answer) return undefined;
    fields.push(answer);
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
