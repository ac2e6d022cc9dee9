// Assistant ids and graph ids. Both servers take a graph id ("agent") for runs and /graph, where it
// means the graph's default assistant; elsewhere (get, schemas) only the JS server does, and the
// Python server answers 422 "must be a UUID" (docs/SERVER-DIFFERENCES.md §8).
import type { Assistant } from "@langchain/langgraph-sdk";
import type { LangGraphApi } from "./api";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` is an assistant's UUID (else it is taken for a graph id). */
export function isAssistantUuid(id: string): boolean {
  return UUID.test(id);
}

/** A graph's default assistant (the one the server made for it), else the newest made from it. */
export async function assistantOfGraph(client: Pick<LangGraphApi, "apiUrl" | "assistants">, graphId: string): Promise<Assistant> {
  // Search lists newest first: the server's own assistant is asked for by its metadata.
  const [system] = await client.assistants.search({ graphId, metadata: { created_by: "system" }, limit: 1 });
  const byGraph = system ?? (await client.assistants.search({ graphId, limit: 1 }))[0];
  if (!byGraph) throw new Error(`The deployment at ${client.apiUrl} has no assistant for the graph "${graphId}".`);
  return byGraph;
}

/** An assistant id every endpoint takes: a graph id becomes its default assistant's UUID. */
export async function assistantUuid(client: Pick<LangGraphApi, "apiUrl" | "assistants">, id: string): Promise<string> {
  return isAssistantUuid(id) ? id : (await assistantOfGraph(client, id)).assistant_id;
}
