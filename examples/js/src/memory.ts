/**
 * `memory`: remember → recall. `remember` writes the user's last message to the store as a fact under
 * ("users", user_id, "facts") (user_id from the run's configurable, "demo-user" by default); `recall`
 * reads that namespace back and answers with every fact. The Store view's tests read what it writes.
 */
import { AIMessage } from "@langchain/core/messages";
import { END, type LangGraphRunnableConfig, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";

/** The namespace a user's facts are kept in. */
export function factsNamespace(config: LangGraphRunnableConfig): string[] {
  const userId = config.configurable?.user_id;
  return ["users", typeof userId === "string" && userId ? userId : "demo-user", "facts"];
}

async function remember(state: typeof MessagesAnnotation.State, config: LangGraphRunnableConfig) {
  const text = state.messages.at(-1)?.text?.trim();
  if (!text || !config.store) return {};
  const key = typeof config.configurable?.fact_key === "string" ? config.configurable.fact_key : crypto.randomUUID();
  await config.store.put(factsNamespace(config), key, { text, source: "memory graph" });
  return {};
}

async function recall(_state: typeof MessagesAnnotation.State, config: LangGraphRunnableConfig) {
  const facts = config.store ? await config.store.search(factsNamespace(config), { limit: 20 }) : [];
  const listed = facts.map((item) => `- ${String((item.value as { text?: unknown }).text)}`).join("\n");
  return { messages: [new AIMessage(facts.length ? `I remember:\n${listed}` : "I remember nothing yet.")] };
}

export const graph = new StateGraph(MessagesAnnotation)
  .addNode("remember", remember)
  .addNode("recall", recall)
  .addEdge(START, "remember")
  .addEdge("remember", "recall")
  .addEdge("recall", END)
  .compile();
graph.name = "memory";
