"""The `get_weather` tool used by the agent graph: deterministic, offline."""

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


@tool
def get_weather(city: str, config: RunnableConfig) -> str:
    """Get the current weather for a city.

    Args:
        city: The city name, e.g. Paris
    """
    # The run's `configurable.units` (the agent's config schema); celsius by default.
    if (config.get("configurable") or {}).get("units") == "fahrenheit":
        return f"It is sunny and 70 °F in {city}."
    return f"It is sunny and 21 °C in {city}."
