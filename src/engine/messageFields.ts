// Reading LangChain messages as the server serialises them: plain dicts (`{type:"ai", content, id, …}`)
// or the LangChain constructor form (`{lc:1, type:"constructor", id:[…,"AIMessageChunk"], kwargs:{…}}`).

/** The fields of a serialised message, whichever form it came in. */
export interface MessageFields {
  /** Normalised role: `ai`, `tool`, `human`, `system`, … */
  role: string;
  /** True for streamed chunks (`AIMessageChunk`). */
  isChunk: boolean;
  fields: Record<string, unknown>;
}

const ROLE_BY_CLASS: Record<string, string> = {
  AIMessage: "ai",
  AIMessageChunk: "ai",
  HumanMessage: "human",
  HumanMessageChunk: "human",
  ToolMessage: "tool",
  ToolMessageChunk: "tool",
  SystemMessage: "system",
  SystemMessageChunk: "system",
  FunctionMessage: "function",
  ChatMessage: "chat",
  RemoveMessage: "remove",
};

/** Normalises a message type name (`AIMessageChunk`, `ai`, `user`) to a role. */
export function roleOf(type: string): string {
  const known = ROLE_BY_CLASS[type];
  if (known) return known;
  if (type === "user") return "human";
  if (type === "assistant") return "ai";
  return type.endsWith("Chunk") ? type.slice(0, -5).toLowerCase() : type;
}

/** Unwraps a serialised message into its role and fields; null if it is not message-shaped. */
export function readMessage(value: unknown): MessageFields | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const obj = value as Record<string, unknown>;
  if (obj.lc === 1 && obj.type === "constructor" && Array.isArray(obj.id)) {
    const className = String(obj.id[obj.id.length - 1] ?? "");
    const kwargs = (obj.kwargs ?? {}) as Record<string, unknown>;
    return { role: roleOf(className), isChunk: className.endsWith("Chunk"), fields: kwargs };
  }
  const type = typeof obj.type === "string" ? obj.type : typeof obj.role === "string" ? obj.role : "";
  if (!type) return null;
  return { role: roleOf(type), isChunk: type.endsWith("Chunk"), fields: obj };
}

/** The id of a serialised message in either form, if any (used to match messages across states). */
export function messageId(value: unknown): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const obj = value as Record<string, unknown>;
  if (typeof obj.id === "string") return obj.id;
  const kwargs = obj.kwargs as Record<string, unknown> | undefined;
  if (obj.lc === 1 && kwargs && typeof kwargs.id === "string") return kwargs.id;
  return undefined;
}

/**
 * The text of a message's `content`: a string as is, or the concatenated text of a list of content
 * blocks (`[{"type":"text","text":"…","index":0}]`, as Anthropic models on the Python server send).
 */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  let text = "";
  for (const block of content) {
    if (typeof block === "string") text += block;
    else if (block && typeof block === "object") {
      const b = block as Record<string, unknown>;
      if ((b.type === "text" || b.type === "text_delta") && typeof b.text === "string") text += b.text;
    }
  }
  return text;
}
