/**
 * `approvals`: several interrupts pending at once. `legal` and `finance` run in parallel and each
 * call `interrupt()` (two answers awaited together); then `sign` calls `interrupt()` twice in a row
 * (the second only after the first is answered). Deterministic, no LLM. `finance` gives its answer's
 * JSON Schema (`response_schema`). `archive` runs when the signature is not confirmed, or when a
 * resume jumps there (Command({ resume, goto: "archive" })).
 */
import { Annotation, END, START, StateGraph, interrupt } from "@langchain/langgraph";

const ApprovalsState = Annotation.Root({
  request: Annotation<string>,
  legal_answer: Annotation<unknown>,
  finance_answer: Annotation<unknown>,
  signer: Annotation<unknown>,
  confirmed: Annotation<unknown>,
  archived: Annotation<boolean>,
  summary: Annotation<string>,
});
type ApprovalsStateValue = typeof ApprovalsState.State;

function legal(state: ApprovalsStateValue) {
  const answer: unknown = interrupt({ question: "Legal: may we share this?", options: ["approve", "reject"], request: state.request ?? "the request" });
  return { legal_answer: answer };
}

const BUDGET_SCHEMA = {
  type: "object",
  properties: { budget: { type: "integer", minimum: 0, description: "EUR" }, note: { type: "string" } },
  required: ["budget"],
};

function finance(state: ApprovalsStateValue) {
  // The answer's JSON Schema reaches clients as the interrupt's `response_schema` (a form to fill).
  const answer: unknown = interrupt({ question: "Finance: what budget (EUR)?", options: [1000, 5000], request: state.request ?? "the request" }, { responseSchema: BUDGET_SCHEMA });
  return { finance_answer: answer };
}

function sign(state: ApprovalsStateValue) {
  const signer: unknown = interrupt({ question: "Who signs?" });
  const confirmed: unknown = interrupt({ question: `Confirm signature by ${JSON.stringify(signer)}?`, options: ["yes", "no"] });
  const summary = `legal=${JSON.stringify(state.legal_answer)} finance=${JSON.stringify(state.finance_answer)} signer=${JSON.stringify(signer)} confirmed=${JSON.stringify(confirmed)}`;
  return { signer, confirmed, summary };
}

function archive() {
  return { archived: true };
}

export const graph = new StateGraph(ApprovalsState)
  .addNode("legal", legal)
  .addNode("finance", finance)
  .addNode("sign", sign)
  .addNode("archive", archive)
  .addEdge(START, "legal")
  .addEdge(START, "finance")
  .addEdge(["legal", "finance"], "sign")
  .addConditionalEdges("sign", (state: ApprovalsStateValue) => (state.confirmed === "yes" ? END : "archive"), ["archive", END])
  .addEdge("archive", END)
  .compile();
graph.name = "approvals";
