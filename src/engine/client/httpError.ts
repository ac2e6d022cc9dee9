// Errors the LangGraph client raises: HTTP failures with the server's own message, and
// network failures (server gone, connection refused or reset) that name the URL and what failed.

/** Longest server message kept in an error, so an HTML page or a stack dump stays readable. */
const MAX_MESSAGE_CHARS = 500;

/** A request the server answered with a non-2xx status. */
export class LangGraphHttpError extends Error {
  override readonly name = "LangGraphHttpError";

  constructor(
    /** HTTP status code, e.g. 404. */
    readonly status: number,
    /** HTTP method, e.g. "POST". */
    readonly method: string,
    /** Request path without the base URL, e.g. "/threads/…/runs/stream". */
    readonly path: string,
    /** What the server said, extracted from its text or JSON body ("" when the body was empty). */
    readonly serverMessage: string,
    /** Base URL of the deployment that answered, when known. */
    readonly apiUrl?: string,
  ) {
    super(`${method} ${path} failed: ${status}${serverMessage ? ` ${serverMessage}` : ""}`);
  }
}

/** Whether the deployment refused the request's credentials: 401 (no key, an expired one) or 403 (a wrong one). */
export function isAccessRefused(error: unknown): error is LangGraphHttpError {
  return error instanceof LangGraphHttpError && (error.status === 401 || error.status === 403);
}

/** What stage of a request a network failure happened in. */
export type NetworkFailurePhase = "request" | "stream";

/** The server could not be reached, or the connection broke while a response was being read. */
export class LangGraphNetworkError extends Error {
  override readonly name = "LangGraphNetworkError";

  constructor(
    readonly method: string,
    readonly path: string,
    /** Full URL that was requested (never carries credentials: the API key travels in a header). */
    readonly url: string,
    readonly phase: NetworkFailurePhase,
    /** Short reason such as "connection refused (ECONNREFUSED)". */
    readonly reason: string,
    options?: { cause?: unknown; detail?: string },
  ) {
    const what =
      phase === "request"
        ? `cannot reach the LangGraph server at ${url}`
        : `the connection to ${url} broke while reading the response`;
    super(`${method} ${path} failed: ${what}: ${reason}${options?.detail ? ` (${options.detail})` : ""}`, {
      cause: options?.cause,
    });
  }
}

/** Pulls the server's message out of an error body: Zod issues, `detail`, `message`, `error`, or plain text. */
export function extractServerMessage(body: string): string {
  const text = body.trim();
  if (text === "") return "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return truncate(stripHtml(text));
  }
  return truncate(messageFromJson(parsed) ?? text);
}

function messageFromJson(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (!isRecord(value)) return undefined;
  const zod = zodSummary(value);
  if (zod) return zod;
  for (const key of ["detail", "message", "error"] as const) {
    const field = value[key];
    if (field === undefined || field === null) continue;
    // `message` is checked before `error`: `{"error":"Error","message":"…"}` names the class in `error`.
    if (typeof field === "string") return field;
    if (Array.isArray(field)) return field.map(describeIssue).join("; ");
    const nested = messageFromJson(field);
    if (nested) return nested;
  }
  return undefined;
}

/** `{"success":false,"error":{"issues":[…],"name":"ZodError"}}` (JS server) or a bare `{"issues":[…]}`. */
function zodSummary(value: Record<string, unknown>): string | undefined {
  const holder = isRecord(value.error) ? value.error : value;
  if (!Array.isArray(holder.issues)) return undefined;
  const issues = holder.issues.map(describeIssue);
  return `Invalid request: ${issues.join("; ")}`;
}

/** One Zod issue (`{path, message}`) or FastAPI detail item (`{loc, msg}`) as "path: message". */
function describeIssue(issue: unknown): string {
  if (typeof issue === "string") return issue;
  if (!isRecord(issue)) return JSON.stringify(issue);
  if (Array.isArray(issue.unionErrors)) {
    const union = unionSummary(issue.unionErrors);
    if (union) return union;
  }
  const where = Array.isArray(issue.path) ? issue.path : Array.isArray(issue.loc) ? issue.loc : [];
  const text = issue.message ?? issue.msg;
  const message = typeof text === "string" ? text : JSON.stringify(issue);
  return where.length > 0 ? `${where.join(".")}: ${message}` : message;
}

/**
 * Zod's `invalid_union` only says "Invalid input"; its branches say why. The branch issues with the
 * deepest path are the most specific (`stream_mode.0: … received 'nope'` beats `stream_mode: … received array`).
 */
function unionSummary(branches: unknown[]): string | undefined {
  const issues = branches.flatMap((branch) => (isRecord(branch) && Array.isArray(branch.issues) ? branch.issues : []));
  const depth = (issue: unknown) => (isRecord(issue) && Array.isArray(issue.path) ? issue.path.length : 0);
  const deepest = Math.max(...issues.map(depth));
  const texts = issues.filter((issue) => depth(issue) === deepest).map(describeIssue);
  return texts.length > 0 ? [...new Set(texts)].join("; ") : undefined;
}

function stripHtml(text: string): string {
  if (!/^<(!doctype|html)/i.test(text)) return text;
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
  const plain = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
  return title ? title.trim() : plain;
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Turns what a request threw (a coded node:http error, or fetch's `TypeError: fetch failed` with a coded cause) into a short reason. */
export function describeNetworkFailure(error: unknown): string {
  const codes: string[] = [];
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (isRecord(current) || current instanceof Error) {
      const record = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
      if (typeof record.code === "string") codes.push(record.code);
      if (typeof record.message === "string" && record.message !== "fetch failed") messages.push(record.message);
      // AggregateError (IPv4 + IPv6 attempts both refused) keeps its causes in `errors`.
      current = record.cause ?? (Array.isArray(record.errors) ? record.errors[0] : undefined);
    } else break;
  }
  const code = codes.find((c) => KNOWN_CODES[c]) ?? codes[0];
  const known = code ? KNOWN_CODES[code] : undefined;
  if (known) return `${known} (${code})`;
  const message = messages[0] ?? String(error);
  return code ? `${message} (${code})` : message;
}

const KNOWN_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused, is the server running?",
  ECONNRESET: "connection reset by the server",
  EPIPE: "connection closed by the server",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  UND_ERR_SOCKET: "connection closed by the server",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_HEADERS_TIMEOUT: "the server sent no response headers in time",
  UND_ERR_BODY_TIMEOUT: "the server stopped sending the response",
  UND_ERR_CLOSED: "connection closed",
};
