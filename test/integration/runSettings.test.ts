// The agent sample's config and context change its answer on both servers, sent the way the run
// form and Stream run send them (a StartRequest's `config.configurable` and `context`, through the
// ThreadDriver); the run's `runStarted` says which settings it had (shown in the view's banner).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ThreadDriver, type DriverEvent } from "../../src/engine/driver/threadDriver";
import { SERVER_KINDS } from "../support/servers";
import { onSharedDeployment } from "../support/sharedServers";

const ASK = { messages: [{ role: "user", content: "What is the weather in Berlin?" }] };

describe.each(SERVER_KINDS)("the agent's settings on the real %s server", (kind) => {
  const deployment = onSharedDeployment(kind);
  let driver: ThreadDriver;
  const seen: DriverEvent[] = [];

  beforeAll(async () => {
    driver = new ThreadDriver({ client: async () => deployment.client, breakpoints: () => ({}) });
    driver.onEvent((e) => seen.push(e));
  });
  afterAll(async () => {
    driver?.dispose();
  });

  /** The agent's last answer after a run with these settings. */
  async function answer(config: Record<string, unknown> | undefined, context?: Record<string, unknown>): Promise<string> {
    const outcome = await driver.start({ assistantId: "agent", input: ASK, config: config ? { configurable: { delay_ms: 0, tokens: 16, ...config } } : { configurable: { delay_ms: 0, tokens: 16 } }, context });
    expect(outcome?.status).toBe("finished");
    const state = await deployment.client.threads.state(driver.target!.threadId);
    const messages = (state.values as { messages: { content: unknown }[] }).messages;
    return String(messages.at(-1)?.content);
  }

  it("configurable.units changes the forecast; the run says it had it", async () => {
    expect(await answer(undefined)).toContain("21 °C in Berlin");
    expect(await answer({ units: "fahrenheit" })).toContain("70 °F in Berlin");
    const started = seen.findLast((e): e is Extract<DriverEvent, { type: "runStarted" }> => e.type === "runStarted");
    expect(started?.request?.configurable).toEqual({ delay_ms: 0, tokens: 16, units: "fahrenheit" });
  });

  it("the context's user_name is greeted", async () => {
    // The Python server refuses configurable and context in one run (SERVER-DIFFERENCES §15): context alone there.
    const outcome = await driver.start({ assistantId: "agent", input: ASK, config: kind === "js" ? { configurable: { delay_ms: 0, tokens: 18 } } : undefined, context: { user_name: "Ada" } });
    expect(outcome?.status).toBe("finished");
    const state = await deployment.client.threads.state(driver.target!.threadId);
    expect(String((state.values as { messages: { content: unknown }[] }).messages.at(-1)?.content)).toMatch(/^Hello Ada! Here is the forecast/);
    const started = seen.findLast((e): e is Extract<DriverEvent, { type: "runStarted" }> => e.type === "runStarted");
    expect(started?.request?.context).toEqual({ user_name: "Ada" });
  });
});
