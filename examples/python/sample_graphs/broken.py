"""`broken`: prepare → explode, where explode always raises (for error display)."""

from langgraph.graph import END, START, MessagesState, StateGraph

# The message the `explode` node fails with.
BOOM_MESSAGE = "Boom: the explode node failed on purpose (sample graph 'broken')"


class BrokenState(MessagesState, total=False):
    prepared: bool


def prepare(state: BrokenState) -> dict:
    return {"prepared": True}


def explode(state: BrokenState) -> dict:
    raise RuntimeError(BOOM_MESSAGE)


graph = (
    StateGraph(BrokenState)
    .add_node("prepare", prepare)
    .add_node("explode", explode)
    .add_edge(START, "prepare")
    .add_edge("prepare", "explode")
    .add_edge("explode", END)
    .compile(name="broken")
)
