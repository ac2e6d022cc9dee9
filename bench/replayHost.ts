// The run viewer's host side for the benchmark, in a worker thread: as in VS Code, where the
// extension host (another process) reads the file while the webview loads. Waits for a file name,
// then reads it as the run viewer does and answers with the message's JSON text (what VS Code sends).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parentPort } from "node:worker_threads";
import { loadRecordingView } from "../src/host/recordingView";

parentPort!.on("message", (file: string) => {
  const loaded = loadRecordingView(readFileSync(file), path.basename(file));
  if (loaded.message.type !== "recording") throw new Error(`the recording did not open: ${loaded.message.message}`);
  parentPort!.postMessage(JSON.stringify(loaded.message));
});
parentPort!.postMessage("ready");
