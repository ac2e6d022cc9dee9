// Resume from the palette, a tab's banner or the Debug view: which interrupt (when several wait),
// then the answer. The one place that asks, so every path says the same thing.
import * as vscode from "vscode";
import type { InterruptInfo } from "../engine/model";
import { readResumeRequest, type ResumeRequest } from "../engine/resumeCommand";
import { interruptQuestion } from "../shared/interruptText";
import { askJsonValue } from "./pickers";

/** What the interrupt asks, on one line (its question, else its payload as JSON). */
export function interruptLabel(interrupt: InterruptInfo): string {
  return interruptQuestion(interrupt.value) ?? JSON.stringify(interrupt.value) ?? "interrupt()";
}

/** Which interrupt to answer, asked only when several wait: one of them, or `"all"` (one answer for each). Undefined when dismissed. */
export async function pickInterrupt(waiting: InterruptInfo[]): Promise<InterruptInfo | "all" | undefined> {
  if (waiting.length <= 1) return waiting[0] ?? "all";
  type Item = vscode.QuickPickItem & { pick: InterruptInfo | "all" };
  const items: Item[] = waiting.map((i) => ({ label: i.node ?? "(node unknown)", description: interruptLabel(i), detail: i.id ? `id ${i.id}` : undefined, pick: i }));
  items.push({ label: "All of them", description: "the same answer for every waiting interrupt", pick: "all" });
  const chosen = await vscode.window.showQuickPick(items, { title: `LangGraph: ${waiting.length} interrupts wait — which to answer?`, matchOnDescription: true, ignoreFocusOut: true });
  return chosen?.pick;
}

/** Asks which interrupt and the answer; undefined when dismissed. */
export async function askResume(waiting: InterruptInfo[]): Promise<ResumeRequest | undefined> {
  const picked = await pickInterrupt(waiting);
  if (!picked) return undefined;
  const asked = picked === "all" ? waiting : [picked];
  const payload = asked.map((i) => JSON.stringify(i.value)).join("; ");
  const prompt = payload ? `${picked === "all" || !picked.node ? "The graph asks" : `${picked.node} asks`}: ${payload}. Type a JSON value (plain text is sent as a string).` : "Value to resume with (JSON; plain text is sent as a string).";
  const answer = await askJsonValue("LangGraph: resume interrupt()", prompt);
  if (!answer) return undefined;
  return picked !== "all" && picked.id !== undefined && waiting.length > 1 ? { interruptId: picked.id, value: answer.value } : { value: answer.value };
}

/**
 * The `resume` command's argument: `{ value, interruptId?, answers?, update?, goto? }`, or a bare
 * value (the older form). An object counts as the request when it has `value` or `answers`.
 */
export function resumeArgument(arg: unknown): ResumeRequest | undefined {
  if (arg === undefined) return undefined;
  if (arg && typeof arg === "object" && !Array.isArray(arg) && ("value" in arg || "answers" in arg)) return readResumeRequest(arg);
  return { value: arg };
}
