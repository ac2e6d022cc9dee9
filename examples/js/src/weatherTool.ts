/** The `get_weather` tool used by the agent graph: deterministic, offline. */
import { tool } from "@langchain/core/tools";
import { z } from "zod";

/** Report a fixed forecast for the asked city. */
export const getWeather = tool(async ({ city }) => `It is sunny and 21 °C in ${city}.`, {
  name: "get_weather",
  description: "Get the current weather for a city.",
  schema: z.object({ city: z.string().describe("The city name, e.g. Paris") }),
});
