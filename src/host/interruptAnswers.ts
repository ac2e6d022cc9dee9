// The banner's answers to interrupts, checked before anything is sent: JSON that parses, values that
// fit the interrupt's `response_schema` (ajv: the webview has no unsafe-eval), an `update` that is
// an object and a `goto` that is a node of the graph. No `vscode` import.
import Ajv from "ajv";
import type { InterruptInfo } from "../engine/model";
import type { ResumeRequest } from "../engine/resumeCommand";
import type { AnswerInterruptsMessage } from "../shared/protocol";
import { describeProblem } from "./inputSchema";

const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false, verbose: true });

/** The resume to send, or what is wrong keyed by interrupt id, `update` or `goto`. */
export type CheckedAnswers = { request: ResumeRequest; problems?: undefined } | { request?: undefined; problems: Record<string, string> };

/** Checks the banner's answers against the interrupts that wait and the graph's nodes. */
export function checkAnswers(message: Pick<AnswerInterruptsMessage, "answers" | "update" | "goto">, waiting: InterruptInfo[], nodes: string[]): CheckedAnswers {
  const problems: Record<string, string> = {};
  const answers: Record<string, unknown> = {};
  if (Object.keys(message.answers).length === 0) problems[""] = "No answer given.";
  for (const [id, answer] of Object.entries(message.answers)) {
    const interrupt = waiting.find((i) => i.id === id);
    if (!interrupt) {
      problems[id] = "This interrupt no longer waits (the thread moved on): the banner shows what waits now.";
      continue;
    }
    const parsed = "json" in answer ? parseJson(answer.json) : { value: answer.form };
    if ("error" in parsed) {
      problems[id] = parsed.error;
      continue;
    }
    const problem = interrupt.responseSchema ? schemaProblem(interrupt.responseSchema, parsed.value) : undefined;
    if (problem) problems[id] = problem;
    else answers[id] = parsed.value;
  }
  const request: ResumeRequest = { answers };
  if (message.update !== undefined && message.update.trim() !== "") {
    const parsed = parseJson(message.update);
    if ("error" in parsed) problems.update = parsed.error;
    else if (!parsed.value || typeof parsed.value !== "object" || Array.isArray(parsed.value)) problems.update = "The update must be a JSON object of state keys and values, e.g. {\"request\": \"changed\"}.";
    else request.update = parsed.value as Record<string, unknown>;
  }
  if (message.goto) {
    if (!nodes.includes(message.goto)) problems.goto = `"${message.goto}" is not a node of this graph.`;
    else request.goto = message.goto;
  }
  return Object.keys(problems).length > 0 ? { problems } : { request };
}

/** JSON text to a value; an empty box is not an answer (plain text must be quoted: it is JSON). */
function parseJson(text: string): { value: unknown } | { error: string } {
  if (text.trim() === "") return { error: "Type an answer (JSON, e.g. \"yes\", 42 or {\"approved\": true})." };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const bare = /^[A-Za-z][\w ]*$/.test(text.trim()) ? ` Text goes in quotes: "${text.trim()}".` : "";
    return { error: `Not valid JSON: ${(error as Error).message}.${bare}` };
  }
}

function schemaProblem(schema: Record<string, unknown>, value: unknown): string | undefined {
  let validate;
  try {
    validate = ajv.compile(schema);
  } catch {
    // A schema ajv cannot compile is not the person's mistake: the answer goes as typed.
    return undefined;
  }
  if (validate(value)) return undefined;
  const error = validate.errors?.[0];
  if (!error) return "Does not fit the answer's schema.";
  const { path, message } = describeProblem(error);
  return `${path} ${message}`;
}
