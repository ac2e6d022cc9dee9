"""`fanout`: split → (left ‖ right, same superstep) → join."""

import asyncio
import operator
from collections.abc import Awaitable, Callable
from typing import Annotated, TypedDict

from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, StateGraph

from sample_graphs.fake_chat_model import stream_settings_from_config


class FanoutState(TypedDict, total=False):
    topic: str
    results: Annotated[list[str], operator.add]
    summary: str


def split(state: FanoutState) -> dict:
    return {"topic": state.get("topic") or "sample work"}


def branch(side: str) -> Callable[[FanoutState, RunnableConfig], Awaitable[dict]]:
    """A branch that waits a little (so both visibly run at once) and reports its result."""

    async def run(state: FanoutState, config: RunnableConfig) -> dict:
        await asyncio.sleep(stream_settings_from_config(config).delay_ms * 4 / 1000)
        return {"results": [f"{side} half of {state['topic']}"]}

    return run


def join(state: FanoutState) -> dict:
    results = state.get("results") or []
    return {"summary": f"Joined {len(results)} results: {' + '.join(sorted(results))}"}


graph = (
    StateGraph(FanoutState)
    .add_node("split", split)
    .add_node("left", branch("left"))
    .add_node("right", branch("right"))
    .add_node("join", join)
    .add_edge(START, "split")
    .add_edge("split", "left")
    .add_edge("split", "right")
    .add_edge(["left", "right"], "join")
    .add_edge("join", END)
    .compile(name="fanout")
)
