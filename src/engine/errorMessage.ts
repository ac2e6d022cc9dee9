// One line for a person from anything thrown (the engine and the debug adapter; the VS Code host
// has describeError, which also spells out HTTP and network errors).

/** The error's message, or the thrown value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
