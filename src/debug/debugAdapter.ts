// Standalone entry of the `langgraph` debug adapter: the same session, over stdin/stdout. The API key
// comes from LANGGRAPH_API_KEY or LANGSMITH_API_KEY in the environment, never from a DAP message, and is
// never logged. The process ends when stdin closes or on SIGTERM, stopping a dev server it started.
import { LangGraphClient } from "../engine/client";
import { LangGraphDebugSession } from "./langgraphSession";

const apiKey = process.env.LANGGRAPH_API_KEY || process.env.LANGSMITH_API_KEY || undefined;

const session = new LangGraphDebugSession({ createClient: (apiUrl) => new LangGraphClient({ apiUrl, apiKey }) });
process.stdin.on("close", () => process.exit(0));
process.stdin.on("end", () => process.exit(0));
// Exiting (rather than dying of the signal) runs the exit hook that stops a dev server the session started.
for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130], ["SIGHUP", 129]] as const) process.once(signal, () => process.exit(code));
session.start(process.stdin, process.stdout);
