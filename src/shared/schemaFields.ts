// JSON Schema → the fields of a form: the one schema walker behind the run form (input, config,
// context) and the interrupt answer form (answerForm.ts). `$ref`s into `definitions`/`$defs` are
// resolved, `anyOf: [X, null]` is an optional X, `messages` is a message list; whatever a form
// cannot draw is a `json` field for that subtree. No DOM, no vscode.

/** What a form draws for one value. */
export type FieldNode = FieldInfo &
  (
    | { kind: "string"; multiline: boolean }
    | { kind: "number" | "integer" | "boolean" | "messages" | "json" }
    | { kind: "enum"; options: unknown[] }
    | { kind: "array"; items: FieldNode }
    | { kind: "object"; fields: NamedField[] }
  );

/** Words that label a value. */
export interface FieldInfo {
  title?: string;
  description?: string;
  default?: unknown;
}

/** A property of an object. */
export interface NamedField {
  name: string;
  required: boolean;
  node: FieldNode;
}

type Schema = Record<string, unknown>;

/** Strings longer than this (by `maxLength`) or whose words say so get a multi-line box. */
const LONG_STRING = 120;
/** Deeper than this (or a `$ref` that leads back into itself) is JSON. */
const MAX_DEPTH = 8;

/** The form for `schema`; `root` holds its `definitions`/`$defs` (the schema itself by default). */
export function fieldNode(schema: unknown, root: unknown = schema): FieldNode {
  return walk(schema, isObject(root) ? root : {}, [], "");
}

function walk(raw: unknown, root: Schema, refs: string[], name: string): FieldNode {
  if (!isObject(raw)) return { kind: "json" };
  const info = infoOf(raw);
  if (typeof raw.$ref === "string") {
    const target = resolve(raw.$ref, root);
    if (!target || refs.includes(raw.$ref) || refs.length >= MAX_DEPTH) return { ...info, kind: "json" };
    return withInfo(walk(target, root, [...refs, raw.$ref], name), info);
  }
  if (refs.length + depthOf(name) > MAX_DEPTH * 2) return { ...info, kind: "json" };
  const variants = (Array.isArray(raw.anyOf) ? raw.anyOf : Array.isArray(raw.oneOf) ? raw.oneOf : undefined) as unknown[] | undefined;
  if (name === "messages") return { ...info, kind: "messages" };
  if (variants) {
    // The first variant a form can draw (the JS server adds `{__overwrite__}` to reducer channels); the JSON toggle reaches the others.
    const real = variants.filter((v) => !(isObject(v) && v.type === "null"));
    const drawn = real.map((v) => walk(v, root, refs, name)).find((n) => n.kind !== "json");
    return drawn ? withInfo(drawn, info) : { ...info, kind: "json" };
  }
  if (Array.isArray(raw.allOf) && raw.allOf.length === 1) return withInfo(walk(raw.allOf[0], root, refs, name), info);
  if (Array.isArray(raw.enum) && raw.enum.length > 0) return { ...info, kind: "enum", options: raw.enum };
  if ("const" in raw) return { ...info, kind: "enum", options: [raw.const] };
  const type = Array.isArray(raw.type) ? (raw.type.filter((t) => t !== "null").length === 1 ? raw.type.find((t) => t !== "null") : undefined) : raw.type;
  switch (type) {
    case "string":
      return { ...info, kind: "string", multiline: isLong(raw, info) };
    case "number":
    case "integer":
    case "boolean":
      return { ...info, kind: type };
    case "array":
      return { ...info, kind: "array", items: walk(raw.items, root, refs, `${name}[]`) };
    case "object":
    case undefined: {
      if (!isObject(raw.properties) || (type === undefined && Object.keys(raw.properties).length === 0)) return { ...info, kind: "json" };
      const required = new Set(Array.isArray(raw.required) ? raw.required : []);
      const fields = Object.entries(raw.properties).map(([key, prop]) => ({ name: key, required: required.has(key), node: walk(prop, root, refs, depthName(name, key)) }));
      return { ...info, kind: "object", fields };
    }
    default:
      return { ...info, kind: "json" };
  }
}

/** A node with the words of the schema that wrapped it (a `$ref`, `anyOf` or `allOf`), which may make a string long. */
function withInfo(node: FieldNode, info: FieldInfo): FieldNode {
  const merged = { ...node, ...info };
  return merged.kind === "string" && !merged.multiline ? { ...merged, multiline: isLong({}, info) } : merged;
}

/** A `#/definitions/X` or `#/$defs/X` pointer's schema. */
function resolve(ref: string, root: Schema): Schema | undefined {
  if (!ref.startsWith("#")) return undefined;
  let at: unknown = root;
  for (const part of ref.slice(1).split("/").filter(Boolean)) {
    if (!isObject(at)) return undefined;
    at = at[decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return isObject(at) ? at : undefined;
}

function infoOf(raw: Schema): FieldInfo {
  const info: FieldInfo = {};
  if (typeof raw.title === "string") info.title = raw.title;
  if (typeof raw.description === "string") info.description = raw.description;
  if ("default" in raw) info.default = raw.default;
  return info;
}

function isLong(raw: Schema, info: FieldInfo): boolean {
  if (typeof raw.maxLength === "number") return raw.maxLength > LONG_STRING;
  if (raw.format === "textarea" || raw.contentMediaType !== undefined) return true;
  return /multi-?line|paragraph|long|text body|prompt|draft/i.test(`${info.title ?? ""} ${info.description ?? ""}`);
}

// The nesting depth is carried in the name ("a.b[]") so a schema without refs still stops.
const depthName = (parent: string, key: string): string => (parent ? `${parent}.${key}` : key);
const depthOf = (name: string): number => (name.match(/[.[]/g) ?? []).length;

function isObject(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The fields of an object form (an input, config or context schema); undefined when the schema is not an object of properties. */
export function formFields(schema: unknown): NamedField[] | undefined {
  const node = fieldNode(schema);
  return node.kind === "object" ? node.fields : undefined;
}

/** The keys of `value` the schema's properties do not name (none when the schema lists no properties). */
export function unknownKeys(schema: unknown, value: Record<string, unknown>): string[] {
  const fields = formFields(schema);
  if (!fields || fields.length === 0) return [];
  const known = new Set(fields.map((f) => f.name));
  return Object.keys(value).filter((k) => !known.has(k));
}

/** The value a new item or a field switched on starts with. */
export function emptyValue(node: FieldNode): unknown {
  if (node.default !== undefined) return node.default;
  switch (node.kind) {
    case "string":
      return "";
    case "number":
    case "integer":
      return 0;
    case "boolean":
      return false;
    case "enum":
      return node.options[0];
    case "array":
    case "messages":
      return [];
    case "object":
      return Object.fromEntries(node.fields.filter((f) => f.required).map((f) => [f.name, emptyValue(f.node)]));
    case "json":
      return null;
  }
}

/** A number box's text as the value to send: a number when it parses, else the text (the host's check names the field). */
export function numberFromText(text: string, kind: "number" | "integer"): number | string | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) && (kind === "number" || Number.isInteger(n)) ? n : text;
}
