/** `nested`: prepare → child (a compiled subgraph: child_step → child_llm) → finish. */
import { AIMessage } from "@langchain/core/messages";
import { Annotation, END, type LangGraphRunnableConfig, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { FakeStreamingChatModel } from "./fakeChatModel.js";

const appendSteps = { reducer: (left: string[], right: string[]) => left.concat(right), default: () => [] };

// Parent and child share only `messages`: a shared list key with an appending reducer would
// get the child's whole copy of it appended again when the child returns.
const NestedState = Annotation.Root({
  ...MessagesAnnotation.spec,
  steps: Annotation<string[]>(appendSteps),
});
type NestedStateValue = typeof NestedState.State;

const ChildState = Annotation.Root({
  ...MessagesAnnotation.spec,
  child_steps: Annotation<string[]>(appendSteps),
});
type ChildStateValue = typeof ChildState.State;

const PROGRESS_STEPS = 3;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function childStep(_state: ChildStateValue, config: LangGraphRunnableConfig) {
  for (let progress = 1; progress <= PROGRESS_STEPS; progress++) {
    config.writer?.({ progress, of: PROGRESS_STEPS, from: "child_step" });
    await sleep(10);
  }
  return { child_steps: ["child_step"] };
}

async function childLlm(state: ChildStateValue, config: LangGraphRunnableConfig) {
  const response = await FakeStreamingChatModel.fromConfig(config).invoke(state.messages, config);
  return { messages: [response], child_steps: ["child_llm"] };
}

/** The subgraph, compiled on its own and added to the parent as the node `child`. */
export const childGraph = new StateGraph(ChildState)
  .addNode("child_step", childStep)
  .addNode("child_llm", childLlm)
  .addEdge(START, "child_step")
  .addEdge("child_step", "child_llm")
  .addEdge("child_llm", END)
  .compile();
childGraph.name = "child";

function prepare() {
  return { steps: ["prepare"] };
}

function finish(state: NestedStateValue) {
  const childAnswer = state.messages.at(-1)?.text ?? "";
  return { steps: ["finish"], messages: [new AIMessage(`Finished. The child answered: ${childAnswer}`)] };
}

export const graph = new StateGraph(NestedState)
  .addNode("prepare", prepare)
  .addNode("child", childGraph)
  .addNode("finish", finish)
  .addEdge(START, "prepare")
  .addEdge("prepare", "child")
  .addEdge("child", "finish")
  .addEdge("finish", END)
  .compile();
graph.name = "nested";
