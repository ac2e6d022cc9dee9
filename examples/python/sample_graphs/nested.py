"""`nested`: prepare → child (a compiled subgraph: child_step → child_llm) → finish."""

import asyncio
import operator
from typing import Annotated

from langchain_core.messages import AIMessage
from langchain_core.runnables import RunnableConfig
from langgraph.config import get_stream_writer
from langgraph.graph import END, START, MessagesState, StateGraph

from sample_graphs.fake_chat_model import FakeStreamingChatModel

PROGRESS_STEPS = 3


# Parent and child share only `messages`: a shared list key with an appending reducer would
# get the child's whole copy of it appended again when the child returns.
class NestedState(MessagesState, total=False):
    steps: Annotated[list[str], operator.add]


class ChildState(MessagesState):
    child_steps: Annotated[list[str], operator.add]


async def child_step(state: ChildState) -> dict:
    writer = get_stream_writer()
    for progress in range(1, PROGRESS_STEPS + 1):
        writer({"progress": progress, "of": PROGRESS_STEPS, "from": "child_step"})
        await asyncio.sleep(0.01)
    return {"child_steps": ["child_step"]}


async def child_llm(state: ChildState, config: RunnableConfig) -> dict:
    response = await FakeStreamingChatModel.from_config(config).ainvoke(state["messages"], config)
    return {"messages": [response], "child_steps": ["child_llm"]}


# The subgraph, compiled on its own and added to the parent as the node `child`.
child_graph = (
    StateGraph(ChildState)
    .add_node("child_step", child_step)
    .add_node("child_llm", child_llm)
    .add_edge(START, "child_step")
    .add_edge("child_step", "child_llm")
    .add_edge("child_llm", END)
    .compile(name="child")
)


def prepare(state: NestedState) -> dict:
    return {"steps": ["prepare"]}


def finish(state: NestedState) -> dict:
    child_answer = state["messages"][-1].text if state["messages"] else ""
    return {"steps": ["finish"], "messages": [AIMessage(f"Finished. The child answered: {child_answer}")]}


graph = (
    StateGraph(NestedState)
    .add_node("prepare", prepare)
    .add_node("child", child_graph)
    .add_node("finish", finish)
    .add_edge(START, "prepare")
    .add_edge("prepare", "child")
    .add_edge("child", "finish")
    .add_edge("finish", END)
    .compile(name="nested")
)
