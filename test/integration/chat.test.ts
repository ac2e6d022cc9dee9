// Chat mode's runs against both real servers, through the host's chat functions (src/host/chatRuns.ts)
// and a real ThreadDriver, with the conversation fed from the driver's events as the webview is:
// three turns on one thread, each with the sample agent's weather tool call; then "Edit and re-send"
// on the first message forks the thread from before it, and the next turn stays on that fork (the
// JS server would otherwise fork from the same old checkpoint again, SERVER-FACTS "Found later").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Conversation, type ChatMessage } from "../../src/engine/chat/conversation";
import { ThreadDriver } from "../../src/engine/driver/threadDriver";
import { chatEdit, chatSend, type ChatViews } from "../../src/host/chatRuns";
import type { TabActions } from "../../src/host/tabRuns";
import { SERVER_KINDS } from "../support/servers";
import { onSharedDeployment } from "../support/sharedServers";

/** What the webview's handleMessage does with the driver's events (runStarted, events, superstep, runEnded). */
function follow(driver: ThreadDriver, chat: Conversation): void {
  driver.onEvent((event) => {
    if (event.type === "runStarted") {
      if (!event.continues) chat.reset();
      chat.runStarted();
    } else if (event.type === "events") for (const e of event.events) chat.addEvent(e);
    else if (event.type === "superstep") chat.addSuperstep(event.superstep);
    else if (event.type === "runEnded") chat.runEnded();
  });
}

const turns = (messages: ChatMessage[]) => messages.map((m) => (m.role === "human" ? `you: ${m.text}` : m.role === "tool" ? `${m.node}: ${m.text}` : `${m.node}: ${m.toolCalls.map((c) => `${c.name} ${JSON.stringify(c.args)}`).join() || m.text}`));

for (const kind of SERVER_KINDS) {
  describe(`chat runs on the ${kind} server`, () => {
    const deployment = onSharedDeployment(kind);
    let driver: ThreadDriver;
    const chat = new Conversation();
    let views: ChatViews;

    beforeAll(async () => {
      driver = new ThreadDriver({ client: async () => deployment.client, breakpoints: () => ({}) });
      follow(driver, chat);
      // The side panel's path: a tab's (pinned) is the only one that asks TabActions.
      views = { main: driver, tabs: undefined as unknown as TabActions, client: async () => deployment.client, shownAssistant: () => "agent" };
    });

    afterAll(() => driver?.dispose());

    const send = async (text: string, requestId: number) => {
      chat.send(text);
      await chatSend(views, { type: "chatSend", requestId, text }, undefined);
    };

    it("three turns with a tool call each on one thread; an edit forks from before the message and the next turn stays on the fork", async () => {
      await send("What is the weather in Berlin?", 1);
      const thread = driver.target!.threadId;
      await send("And in Paris?", 2);
      await send("And in Lisbon?", 3);
      expect(driver.target?.threadId).toBe(thread);
      const three = turns(chat.messages());
      expect(three).toHaveLength(12);
      expect(three.slice(0, 4)).toEqual(["you: What is the weather in Berlin?", 'agent: get_weather {"city":"Berlin"}', "tools: It is sunny and 21 °C in Berlin.", "agent: Here is the forecast: It is sunny and 21 °C in Berlin."]);
      expect(three.slice(8)).toEqual(["you: And in Lisbon?", 'agent: get_weather {"city":"Lisbon"}', "tools: It is sunny and 21 °C in Lisbon.", "agent: Here is the forecast: It is sunny and 21 °C in Lisbon."]);
      expect(chat.messages().some((m) => m.pending || m.streaming)).toBe(false);

      const first = chat.messages()[0];
      chat.send("What is the weather in Rome?");
      await chatEdit(views, { type: "chatEdit", requestId: 4, messageId: first.id, text: "What is the weather in Rome?" }, undefined);
      expect(driver.target?.threadId).toBe(thread);
      expect(turns(chat.messages())).toEqual(["you: What is the weather in Rome?", 'agent: get_weather {"city":"Rome"}', "tools: It is sunny and 21 °C in Rome.", "agent: Here is the forecast: It is sunny and 21 °C in Rome."]);

      await send("And in Oslo?", 5);
      const fork = turns(chat.messages());
      expect(fork).toHaveLength(8);
      expect(fork[0]).toBe("you: What is the weather in Rome?");
      expect(fork[4]).toBe("you: And in Oslo?");
      // The thread's own state agrees with what the conversation shows.
      const state = await deployment.client.threads.state(thread);
      expect((state.values as { messages: unknown[] }).messages).toHaveLength(8);
    });
  });
}
