// How an `interrupt()` payload reads to a person, shared by the debugger and the graph view.

/** The interrupt's question: the payload when it is a string, its `question` field when that is one. */
export function interruptQuestion(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  const question = (value as { question?: unknown } | null)?.question;
  return typeof question === "string" ? question : undefined;
}
