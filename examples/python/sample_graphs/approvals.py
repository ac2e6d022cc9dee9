"""`approvals`: several interrupts pending at once.

`legal` and `finance` run in parallel and each call `interrupt()` (two answers awaited together);
then `sign` calls `interrupt()` twice in a row (the second only after the first is answered).
Deterministic, no LLM. `finance` gives its answer's JSON Schema (`response_schema`).
`archive` runs when the signature is not confirmed, or when a resume jumps there
(Command(resume=..., goto="archive")).
"""

import json
from typing import Any

from langgraph.graph import END, START, StateGraph
from langgraph.types import interrupt
from typing_extensions import TypedDict


class ApprovalsState(TypedDict, total=False):
    request: str
    legal_answer: Any
    finance_answer: Any
    signer: Any
    confirmed: Any
    archived: bool
    summary: str


def legal(state: ApprovalsState) -> dict:
    answer = interrupt({"question": "Legal: may we share this?", "options": ["approve", "reject"], "request": state.get("request") or "the request"})
    return {"legal_answer": answer}


BUDGET_SCHEMA = {
    "type": "object",
    "properties": {"budget": {"type": "integer", "minimum": 0, "description": "EUR"}, "note": {"type": "string"}},
    "required": ["budget"],
}


def finance(state: ApprovalsState) -> dict:
    # The answer's JSON Schema reaches clients as the interrupt's `response_schema` (a form to fill).
    answer = interrupt(
        {"question": "Finance: what budget (EUR)?", "options": [1000, 5000], "request": state.get("request") or "the request"},
        response_schema=BUDGET_SCHEMA,
    )
    return {"finance_answer": answer}


def sign(state: ApprovalsState) -> dict:
    signer = interrupt({"question": "Who signs?"})
    confirmed = interrupt({"question": f"Confirm signature by {json.dumps(signer)}?", "options": ["yes", "no"]})
    summary = (
        f"legal={json.dumps(state.get('legal_answer'))} finance={json.dumps(state.get('finance_answer'))} "
        f"signer={json.dumps(signer)} confirmed={json.dumps(confirmed)}"
    )
    return {"signer": signer, "confirmed": confirmed, "summary": summary}


def archive(_state: ApprovalsState) -> dict:
    return {"archived": True}


graph = (
    StateGraph(ApprovalsState)
    .add_node("legal", legal)
    .add_node("finance", finance)
    .add_node("sign", sign)
    .add_node("archive", archive)
    .add_edge(START, "legal")
    .add_edge(START, "finance")
    .add_edge(["legal", "finance"], "sign")
    .add_conditional_edges("sign", lambda state: END if state.get("confirmed") == "yes" else "archive", ["archive", END])
    .add_edge("archive", END)
    .compile(name="approvals")
)
