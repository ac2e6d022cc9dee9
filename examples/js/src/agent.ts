/** `agent`: a ReAct loop (agent → tools → agent) around the fake streaming chat model. */
import { isAIMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { Annotation, END, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { FakeStreamingChatModel } from "./fakeChatModel.js";
import { getWeather } from "./weatherTool.js";

const tools = [getWeather];

/**
 * The agent's settings. LangGraph.js has one schema for both (the server reports it as the
 * config_schema and the context_schema alike). `tokens` and `delay_ms` (the fake model's pace) are
 * read from `configurable`; `units` from `configurable`, else the context; `user_name` from the
 * context, else `configurable` (the Python server passes each as both: docs/SERVER-DIFFERENCES.md).
 */
export const AgentSettings = Annotation.Root({
  /** Answer tokens the fake model streams (default 12). */
  tokens: Annotation<number | undefined>,
  /** Pause before each token, in milliseconds (default 15). */
  delay_ms: Annotation<number | undefined>,
  /** The forecast's units. */
  units: Annotation<"celsius" | "fahrenheit" | undefined>,
  /** A name the answer greets (runtime context). */
  user_name: Annotation<string | undefined>,
});

async function callModel(state: typeof MessagesAnnotation.State, config: RunnableConfig & { context?: { user_name?: unknown } }) {
  const userName = config.context?.user_name ?? config.configurable?.user_name;
  const model = FakeStreamingChatModel.fromConfig(config, typeof userName === "string" && userName ? userName : undefined).bindTools(tools);
  const response = await model.invoke(state.messages, config);
  return { messages: [response] };
}

function routeAfterAgent(state: typeof MessagesAnnotation.State): "tools" | typeof END {
  const last = state.messages.at(-1);
  return last && isAIMessage(last) && (last.tool_calls?.length ?? 0) > 0 ? "tools" : END;
}

export const graph = new StateGraph(MessagesAnnotation, AgentSettings)
  .addNode("agent", callModel)
  .addNode("tools", new ToolNode(tools))
  .addEdge(START, "agent")
  .addConditionalEdges("agent", routeAfterAgent, ["tools", END])
  .addEdge("tools", "agent")
  .compile();
graph.name = "agent";
