"""`agent`: a ReAct loop (agent → tools → agent) around the fake streaming chat model."""

from typing import Literal

from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode
from langgraph.runtime import Runtime
from typing_extensions import TypedDict

from sample_graphs.fake_chat_model import FakeStreamingChatModel
from sample_graphs.weather_tool import get_weather

tools = [get_weather]


class AgentSettings(TypedDict, total=False):
    """The agent's settings. LangGraph 1.x has one schema for both (the server reports it as the
    config_schema and as the context_schema): `tokens`, `delay_ms` (the fake
    model's pace) and `units` are read from `configurable`, `user_name` from the runtime context."""

    tokens: int
    """Answer tokens the fake model streams (default 12)."""
    delay_ms: int
    """Pause before each token, in milliseconds (default 15)."""
    units: Literal["celsius", "fahrenheit"]
    """The forecast's units."""
    user_name: str
    """A name the answer greets (runtime context)."""


async def call_model(state: MessagesState, config: RunnableConfig, runtime: Runtime[AgentSettings]) -> dict:
    user_name = runtime.context.get("user_name") if isinstance(runtime.context, dict) else None
    model = FakeStreamingChatModel.from_config(config, greet=user_name or None).bind_tools(tools)
    response = await model.ainvoke(state["messages"], config)
    return {"messages": [response]}


def route_after_agent(state: MessagesState) -> str:
    last = state["messages"][-1] if state["messages"] else None
    return "tools" if getattr(last, "tool_calls", None) else END


graph = (
    StateGraph(MessagesState, context_schema=AgentSettings)
    .add_node("agent", call_model)
    .add_node("tools", ToolNode(tools))
    .add_edge(START, "agent")
    .add_conditional_edges("agent", route_after_agent, ["tools", END])
    .add_edge("tools", "agent")
    .compile(name="agent")
)
