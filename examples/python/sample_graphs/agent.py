"""`agent`: a ReAct loop (agent → tools → agent) around the fake streaming chat model."""

from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode

from sample_graphs.fake_chat_model import FakeStreamingChatModel
from sample_graphs.weather_tool import get_weather

tools = [get_weather]


async def call_model(state: MessagesState, config: RunnableConfig) -> dict:
    model = FakeStreamingChatModel.from_config(config).bind_tools(tools)
    response = await model.ainvoke(state["messages"], config)
    return {"messages": [response]}


def route_after_agent(state: MessagesState) -> str:
    last = state["messages"][-1] if state["messages"] else None
    return "tools" if getattr(last, "tool_calls", None) else END


graph = (
    StateGraph(MessagesState)
    .add_node("agent", call_model)
    .add_node("tools", ToolNode(tools))
    .add_edge(START, "agent")
    .add_conditional_edges("agent", route_after_agent, ["tools", END])
    .add_edge("tools", "agent")
    .compile(name="agent")
)
