"""`memory`: remember → recall. `remember` writes the user's last message to the store as a fact under
("users", user_id, "facts") (user_id from the run's configurable, "demo-user" by default); `recall`
reads that namespace back and answers with every fact. The Store view's tests read what it writes."""

import uuid

from langchain_core.messages import AIMessage
from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.store.base import BaseStore


def facts_namespace(config: RunnableConfig) -> tuple[str, ...]:
    """The namespace a user's facts are kept in."""
    user_id = (config.get("configurable") or {}).get("user_id")
    return ("users", user_id if isinstance(user_id, str) and user_id else "demo-user", "facts")


def remember(state: MessagesState, config: RunnableConfig, *, store: BaseStore) -> dict:
    messages = state.get("messages") or []
    text = messages[-1].text.strip() if messages else ""
    if not text:
        return {}
    key = (config.get("configurable") or {}).get("fact_key") or str(uuid.uuid4())
    store.put(facts_namespace(config), key, {"text": text, "source": "memory graph"})
    return {}


def recall(state: MessagesState, config: RunnableConfig, *, store: BaseStore) -> dict:
    facts = store.search(facts_namespace(config), limit=20)
    listed = "\n".join(f"- {item.value.get('text')}" for item in facts)
    return {"messages": [AIMessage(f"I remember:\n{listed}" if facts else "I remember nothing yet.")]}


graph = (
    StateGraph(MessagesState)
    .add_node("remember", remember)
    .add_node("recall", recall)
    .add_edge(START, "remember")
    .add_edge("remember", "recall")
    .add_edge("recall", END)
    .compile(name="memory")
)
