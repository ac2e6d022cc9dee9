// Standalone entry of the `langgraph` debug adapter: the same session, over stdin/stdout. The API key
// comes from LANGGRAPH_API_KEY or LANGSMITH_API_KEY in the environment, never from a DAP message, and is
// never logged. The process ends when stdin closes.
import { LangGraphClient } from "../engine/client";
import { LangGraphDebugSession } from "./langgraphSession";

const apiKey = process.env.LANGGRAPH_API_KEY || process.env.LANGSMITH_API_KEY || undefined;

const session = new LangGraphDebugSession({ createClient: (apiUrl) => new LangGraphClient({ apiUrl, apiKey }) });
process.stdin.on("close", () => process.exit(0));
process.stdin.on("end", () => process.exit(0));
session.start(process.stdin, process.stdout);
