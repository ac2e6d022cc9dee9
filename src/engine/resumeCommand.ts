// What a resume sends: the answers to the interrupts that wait, and optionally a state update and a
// node to jump to. Pure (no `vscode`): the palette command, the graph view and the debug adapter
// all build their `Command` here, so each checks the same things before anything is sent.
import type { InterruptInfo } from "./model";

/** A resume as asked for: one value, answers by interrupt id, or both (`interruptId` + `value`). */
export interface ResumeRequest {
  /** The answer: for the only interrupt waiting, for `interruptId`, or for every one when several wait and no id is given. */
  value?: unknown;
  /** Which interrupt `value` answers. */
  interruptId?: string;
  /** Answers keyed by interrupt id; interrupts left out keep waiting. */
  answers?: Record<string, unknown>;
  /** State to write with the resume (as the node that resumes). */
  update?: Record<string, unknown>;
  /** Node(s) to run next as well. */
  goto?: string | string[];
}

/** The `command` of a run that resumes. */
export interface ResumeCommand {
  resume: unknown;
  update?: Record<string, unknown>;
  goto?: string | string[];
}

/**
 * Builds the `Command` of a resume, or throws saying what is wrong. Answers go as a map keyed by id
 * whenever ids are known: the JS server takes a map whose keys are not waiting ids as a plain value
 * for every interrupt (docs/SERVER-DIFFERENCES.md §13), so unknown ids are refused here.
 */
export function resumeCommand(request: ResumeRequest, waiting: InterruptInfo[]): ResumeCommand {
  if (waiting.length === 0) throw new Error("Nothing waits for an answer: resume answers a node waiting in interrupt().");
  const ids = new Set(waiting.map((i) => i.id).filter((id): id is string => id !== undefined));
  const answers: Record<string, unknown> = { ...(request.answers ?? {}) };
  if (request.interruptId !== undefined) {
    if (request.value === undefined) throw new Error(`No value to answer interrupt ${request.interruptId} with.`);
    answers[request.interruptId] = request.value;
  }
  const unknown = Object.keys(answers).filter((id) => !ids.has(id));
  if (unknown.length > 0) throw new Error(`No interrupt ${unknown.join(", ")} waits (waiting: ${[...ids].join(", ") || "none with an id"}).`);
  let resume: unknown;
  if (Object.keys(answers).length > 0) resume = answers;
  else if (request.value === undefined) throw new Error("No answer given: a value, or answers keyed by interrupt id.");
  // One value for several: sent by id so that each gets it (the servers would too, but say so plainly).
  else resume = ids.size > 1 && ids.size === waiting.length ? Object.fromEntries([...ids].map((id) => [id, request.value])) : request.value;
  const command: ResumeCommand = { resume };
  if (request.update !== undefined) {
    if (!request.update || typeof request.update !== "object" || Array.isArray(request.update)) throw new Error("`update` must be an object of state keys and values.");
    command.update = request.update;
  }
  if (request.goto !== undefined && request.goto !== "" && !(Array.isArray(request.goto) && request.goto.length === 0)) command.goto = request.goto;
  return command;
}

/** Reads a resume request from command or DAP arguments (`{ value, interruptId?, answers?, update?, goto? }`). */
export function readResumeRequest(args: unknown): ResumeRequest {
  const a = (args ?? {}) as Record<string, unknown>;
  const request: ResumeRequest = {};
  if ("value" in a) request.value = a.value;
  if (typeof a.interruptId === "string") request.interruptId = a.interruptId;
  if (a.answers && typeof a.answers === "object" && !Array.isArray(a.answers)) request.answers = a.answers as Record<string, unknown>;
  if (a.update !== undefined) request.update = a.update as Record<string, unknown>;
  if (typeof a.goto === "string" || Array.isArray(a.goto)) request.goto = a.goto as string | string[];
  return request;
}
