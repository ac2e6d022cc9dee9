// Chat mode's sends and edits: each a run of the view's assistant through the same drivers the
// banner's Run uses (the side panel's on the main driver, a tab's on its own, see tabRuns.ts).
import type { LangGraphApi } from "../engine/client";
import type { ThreadDriver } from "../engine/driver/threadDriver";
import { checkpointBeforeMessage } from "../engine/chat/forkPoint";
import type { ChatEditMessage, ChatSendMessage } from "../shared/protocol";
import type { TabActions } from "./tabRuns";

/** Which driver a view acts on: the side panel the main driver's, a tab pinned to an assistant its own when it has one. */
export interface ChatViews {
  main: ThreadDriver;
  tabs: TabActions;
  /** The deployment's client (the thread's history is read to find where an edit forks). */
  client(): Promise<LangGraphApi>;
  /** The assistant the side panel shows. */
  shownAssistant(): string | undefined;
}

/** A user message as a run's input. */
function userInput(text: string): Record<string, unknown> {
  return { messages: [{ role: "user", content: text }] };
}

/** Sends a chat message from a view: on the thread it shows (or a new one), as a new run. */
export async function chatSend(views: ChatViews, message: ChatSendMessage, pinned: string | undefined): Promise<unknown> {
  const { driver, assistantId } = shown(views, pinned);
  const target = driver?.target?.assistantId === assistantId ? driver.target : undefined;
  if (target?.running) throw new Error("A run is going on this thread: wait for it, or stop it, before sending.");
  const threadId = message.newThread ? undefined : target?.threadId;
  const runner = pinned && views.tabs.actsOnItsOwn(pinned, views.shownAssistant()) ? views.tabs.runnerFor(pinned, threadId) : views.main;
  return runner.start({ assistantId, threadId, input: userInput(message.text) });
}

/**
 * "Edit and re-send from here": runs the edited text from the checkpoint before the message entered
 * the thread's state, a fork the view then shows (the driver names the latest checkpoint on every
 * later run, so the JS server does not fork back to it).
 */
export async function chatEdit(views: ChatViews, message: ChatEditMessage, pinned: string | undefined): Promise<unknown> {
  const { driver, assistantId } = shown(views, pinned);
  const target = driver?.target;
  if (!driver || !target || target.assistantId !== assistantId) throw new Error("This view shows no thread to edit.");
  if (target.running) throw new Error("A run is going on this thread: wait for it, or stop it, before editing.");
  const client = await views.client();
  const history = await client.threads.history(target.threadId, { limit: 1000 });
  const head = target.forkFrom ?? target.checkpointId ?? history[0]?.checkpoint.checkpoint_id ?? undefined;
  const fork = head ? checkpointBeforeMessage(history, head, message.messageId) : undefined;
  if (!fork) throw new Error("No checkpoint before this message was found in the thread's history.");
  return driver.start({ assistantId, threadId: target.threadId, fromCheckpoint: fork, input: userInput(message.text) });
}

function shown(views: ChatViews, pinned: string | undefined): { driver: ThreadDriver | undefined; assistantId: string } {
  const assistantId = pinned ?? views.shownAssistant();
  if (!assistantId) throw new Error('No graph is shown yet: run "LangGraph: Show graph" first.');
  const own = pinned !== undefined && views.tabs.actsOnItsOwn(pinned, views.shownAssistant());
  return { driver: own ? views.tabs.ownDriver(pinned) : views.main, assistantId };
}
