"""`hitl`: draft → review (pauses with `interrupt()`) → publish, which uses the resumed answer."""

import json
import re
from typing import Any

from langchain_core.messages import AIMessage
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.types import interrupt


# State keys must differ from node names (LangGraph rejects a node named like a key).
class HitlState(MessagesState, total=False):
    topic: str
    draft_text: str
    verdict: Any
    published: bool


def is_approval(answer: Any) -> bool:
    """True for answers that mean "yes": true, "yes", "approve(d)", "ok", or `{approved: true}`."""
    if answer is True:
        return True
    if isinstance(answer, str):
        return re.fullmatch(r"(y|yes|ok|approve|approved)", answer.strip(), re.IGNORECASE) is not None
    if isinstance(answer, dict):
        return answer.get("approved") is True
    return False


def draft(state: HitlState) -> dict:
    messages = state.get("messages") or []
    topic = state.get("topic") or (messages[-1].text if messages else "") or "LangGraph debugging"
    return {
        "topic": topic,
        "draft_text": f"A short post about {topic}: graphs are easier to debug when you can see them run.",
    }


def review(state: HitlState) -> dict:
    verdict = interrupt({"question": "Approve this draft?", "draft": state.get("draft_text")})
    return {"verdict": verdict}


def publish(state: HitlState) -> dict:
    verdict = state.get("verdict")
    published = is_approval(verdict)
    outcome = "Published" if published else "Not published"
    answer = json.dumps(verdict, separators=(",", ":"))
    return {
        "published": published,
        "messages": [
            AIMessage(f"{outcome}. Reviewer answered {answer} to: {state.get('draft_text')}")
        ],
    }


graph = (
    StateGraph(HitlState)
    .add_node("draft", draft)
    .add_node("review", review)
    .add_node("publish", publish)
    .add_edge(START, "draft")
    .add_edge("draft", "review")
    .add_edge("review", "publish")
    .add_edge("publish", END)
    .compile(name="hitl")
)
