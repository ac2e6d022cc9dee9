/** `agent`: a ReAct loop (agent → tools → agent) around the fake streaming chat model. */
import { isAIMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { END, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { FakeStreamingChatModel } from "./fakeChatModel.js";
import { getWeather } from "./weatherTool.js";

const tools = [getWeather];

async function callModel(state: typeof MessagesAnnotation.State, config: RunnableConfig) {
  const model = FakeStreamingChatModel.fromConfig(config).bindTools(tools);
  const response = await model.invoke(state.messages, config);
  return { messages: [response] };
}

function routeAfterAgent(state: typeof MessagesAnnotation.State): "tools" | typeof END {
  const last = state.messages.at(-1);
  return last && isAIMessage(last) && (last.tool_calls?.length ?? 0) > 0 ? "tools" : END;
}

export const graph = new StateGraph(MessagesAnnotation)
  .addNode("agent", callModel)
  .addNode("tools", new ToolNode(tools))
  .addEdge(START, "agent")
  .addConditionalEdges("agent", routeAfterAgent, ["tools", END])
  .addEdge("tools", "agent")
  .compile();
graph.name = "agent";
