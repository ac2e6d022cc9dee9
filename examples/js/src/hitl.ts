/** `hitl`: draft → review (pauses with `interrupt()`) → publish, which uses the resumed answer. */
import { AIMessage } from "@langchain/core/messages";
import { Annotation, END, MessagesAnnotation, START, StateGraph, interrupt } from "@langchain/langgraph";

// State keys must differ from node names (the server rejects a node named like a key).
const HitlState = Annotation.Root({
  ...MessagesAnnotation.spec,
  topic: Annotation<string>,
  draft_text: Annotation<string>,
  verdict: Annotation<unknown>,
  published: Annotation<boolean>,
});
type HitlStateValue = typeof HitlState.State;

/** True for answers that mean "yes": true, "yes", "approve(d)", "ok", or `{approved: true}`. */
export function isApproval(answer: unknown): boolean {
  if (answer === true) return true;
  if (typeof answer === "string") return /^(y|yes|ok|approve|approved)$/i.test(answer.trim());
  if (typeof answer === "object" && answer !== null && "approved" in answer) {
    return (answer as { approved: unknown }).approved === true;
  }
  return false;
}

function draft(state: HitlStateValue) {
  const topic = state.topic || state.messages.at(-1)?.text || "LangGraph debugging";
  return { topic, draft_text: `A short post about ${topic}: graphs are easier to debug when you can see them run.` };
}

function review(state: HitlStateValue) {
  const verdict: unknown = interrupt({ question: "Approve this draft?", draft: state.draft_text });
  return { verdict };
}

function publish(state: HitlStateValue) {
  const published = isApproval(state.verdict);
  const outcome = published ? "Published" : "Not published";
  return {
    published,
    messages: [new AIMessage(`${outcome}. Reviewer answered ${JSON.stringify(state.verdict)} to: ${state.draft_text}`)],
  };
}

export const graph = new StateGraph(HitlState)
  .addNode("draft", draft)
  .addNode("review", review)
  .addNode("publish", publish)
  .addEdge(START, "draft")
  .addEdge("draft", "review")
  .addEdge("review", "publish")
  .addEdge("publish", END)
  .compile();
graph.name = "hitl";
