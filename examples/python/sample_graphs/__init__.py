"""Sample LangGraph graphs served by `langgraph dev` for the debugger's tests and demo."""
