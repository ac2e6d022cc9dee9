"""The `get_weather` tool used by the agent graph: deterministic, offline."""

from langchain_core.tools import tool


@tool
def get_weather(city: str) -> str:
    """Get the current weather for a city.

    Args:
        city: The city name, e.g. Paris
    """
    return f"It is sunny and 21 °C in {city}."
