/** `fanout`: split → (left ‖ right, same superstep) → join. */
import { Annotation, END, type LangGraphRunnableConfig, START, StateGraph } from "@langchain/langgraph";
import { streamSettingsFromConfig } from "./fakeChatModel.js";

const FanoutState = Annotation.Root({
  topic: Annotation<string>,
  results: Annotation<string[]>({ reducer: (left, right) => left.concat(right), default: () => [] }),
  summary: Annotation<string>,
});
type FanoutStateValue = typeof FanoutState.State;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function split(state: FanoutStateValue) {
  return { topic: state.topic || "sample work" };
}

/** A branch that waits a little (so both visibly run at once) and reports its result. */
function branch(side: "left" | "right") {
  return async (state: FanoutStateValue, config: LangGraphRunnableConfig) => {
    await sleep(streamSettingsFromConfig(config).delayMs * 4);
    return { results: [`${side} half of ${state.topic}`] };
  };
}

function join(state: FanoutStateValue) {
  return { summary: `Joined ${state.results.length} results: ${[...state.results].sort().join(" + ")}` };
}

export const graph = new StateGraph(FanoutState)
  .addNode("split", split)
  .addNode("left", branch("left"))
  .addNode("right", branch("right"))
  .addNode("join", join)
  .addEdge(START, "split")
  .addEdge("split", "left")
  .addEdge("split", "right")
  .addEdge(["left", "right"], "join")
  .addEdge("join", END)
  .compile();
graph.name = "fanout";
