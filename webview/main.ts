// Webview entry: restores UI state, mounts the app, queues host messages, then says `ready`.
import { mount } from "svelte";
import type { HostToWebview } from "../src/shared/protocol";
import App from "./App.svelte";
import { enqueueHostMessage } from "./handleMessage";
import { view } from "./state.svelte";
import { loadUiState, postToHost } from "./vscodeApi";
import "./styles.css";

const target = document.getElementById("app");
if (!target) throw new Error("The webview page has no #app element");
const workerUri = target.dataset.workerUri ?? "";
// The same bundle draws the live graph view and the read-only run viewer (a recording opened as a file).
view.readOnly = target.dataset.mode === "recording";

const saved = loadUiState();
if (saved) {
  view.collapsed = saved.collapsed;
  view.pane = saved.pane;
  view.viewport = saved.viewport;
  view.split = saved.split;
  view.inspector = saved.inspector;
  view.pin = saved.pinned;
  if (saved.mode) view.mode = saved.mode;
  view.resumePosition = saved.position;
  view.keptLayout = saved.layout;
}

window.addEventListener("message", (event: MessageEvent<unknown>) => {
  const data = event.data;
  if (data && typeof data === "object" && typeof (data as { type?: unknown }).type === "string") {
    enqueueHostMessage(data as HostToWebview);
  }
});

mount(App, { target, props: { workerUri } });
postToHost({ type: "ready" });
