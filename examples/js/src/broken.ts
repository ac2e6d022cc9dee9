/** `broken`: prepare → explode, where explode always throws (for error display). */
import { Annotation, END, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";

const BrokenState = Annotation.Root({
  ...MessagesAnnotation.spec,
  prepared: Annotation<boolean>,
});

/** The message the `explode` node fails with. */
export const BOOM_MESSAGE = "Boom: the explode node failed on purpose (sample graph 'broken')";

function prepare() {
  return { prepared: true };
}

function explode(): never {
  throw new Error(BOOM_MESSAGE);
}

export const graph = new StateGraph(BrokenState)
  .addNode("prepare", prepare)
  .addNode("explode", explode)
  .addEdge(START, "prepare")
  .addEdge("prepare", "explode")
  .addEdge("explode", END)
  .compile();
graph.name = "broken";
