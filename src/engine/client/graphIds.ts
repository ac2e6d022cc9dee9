// Assistant ids and graph ids. Both servers take a graph id ("agent") for runs and /graph, where it
// means the graph's default assistant; elsewhere (get, schemas) only the JS server does, and the
// Python server answers 422 "must be a UUID" (docs/SERVER-DIFFERENCES.md §8).
import type { Assistant } from "@langchain/langgraph-sdk";
import type { LangGraphApi } from "./api";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` is a UUID: an assistant's or a thread's id (an assistant id that is not one is taken for a graph id). */
export function isUuid(id: string): boolean {
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

/** The assistant `id` names: itself, or for a graph id the graph's default assistant. */
export function assistantNamed(client: Pick<LangGraphApi, "apiUrl" | "assistants">, id: string): Promise<Assistant> {
  return isUuid(id) ? client.assistants.get(id) : assistantOfGraph(client, id);
}

/** An assistant id every endpoint takes: a graph id becomes its default assistant's UUID. */
export async function assistantUuid(client: Pick<LangGraphApi, "apiUrl" | "assistants">, id: string): Promise<string> {
  return isUuid(id) ? id : (await assistantOfGraph(client, id)).assistant_id;
}
