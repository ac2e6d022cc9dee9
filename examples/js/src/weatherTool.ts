/** The `get_weather` tool used by the agent graph: deterministic, offline. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";

/** Report a fixed forecast for the asked city, in the run's `units` (configurable, else context; celsius by default). */
export const getWeather = tool(
  async ({ city }, config: { configurable?: { units?: unknown }; context?: { units?: unknown } }) =>
    (config?.configurable?.units ?? config?.context?.units) === "fahrenheit" ? `It is sunny and 70 °F in ${city}.` : `It is sunny and 21 °C in ${city}.`,
  {
    name: "get_weather",
    description: "Get the current weather for a city.",
    schema: z.object({ city: z.string().describe("The city name, e.g. Paris") }),
  },
);
