// Records the .lgrun fixtures of test/fixtures/recordings from the real sample servers (JS and
// Python), the way "Save run…" does: a ThreadDriver with a RunRecorder listening, then recordThread.
// Run by scripts/record-recordings.mjs. Each fixture is one thread:
//   <kind>-agent-breakpoint.lgrun  agent paused before `tools`, then continued to the end;
//   <kind>-hitl.lgrun              hitl waiting in interrupt(), then resumed with "yes".
import { writeFileSync } from "node:fs";
import path from "node:path";
import { LangGraphClient } from "../../src/engine/client";
import { ThreadDriver, type Breaks } from "../../src/engine/driver/threadDriver";
import { RunRecorder } from "../../src/engine/recording/recorder";
import { encodeRecording } from "../../src/engine/recording/writeRecording";
import { startServer, stopAllServers, type ServerKind } from "./servers";

const userSays = (content: string) => ({ messages: [{ role: "user", content }] });

async function recordOne(url: string, breaks: Breaks, play: (driver: ThreadDriver, state: { breaks: Breaks }) => Promise<void>): Promise<Uint8Array> {
  const client = new LangGraphClient({ apiUrl: url });
  const state = { breaks };
  const driver = new ThreadDriver({ client: async () => client, breakpoints: () => state.breaks });
  const recorder = new RunRecorder();
  driver.onEvent((e) => recorder.onDriverEvent(e));
  await play(driver, state);
  const recording = await recorder.recording(client, { graph: driver.graph?.graph });
  // A fixed base URL: the port was a free one of the moment.
  recording.apiUrl = "http://127.0.0.1:2024";
  // The JS server's schemas are most of the file (85 KB) and nothing the viewer reads.
  delete recording.schemas;
  return encodeRecording(recording);
}

/** Records both fixtures of one server kind into `dir`; returns the files written. */
export async function recordFixtures(kind: ServerKind, dir: string): Promise<string[]> {
  const server = await startServer(kind);
  const written: string[] = [];
  try {
    const agent = await recordOne(server.url, { interruptBefore: ["tools"] }, async (driver, state) => {
      const paused = await driver.start({ assistantId: "agent", input: userSays("What is the weather in Paris?") });
      if (paused?.status !== "paused") throw new Error(`agent did not pause: ${JSON.stringify(paused)}`);
      state.breaks = {};
      const done = await driver.continue();
      if (done?.status !== "finished") throw new Error(`agent did not finish: ${JSON.stringify(done)}`);
    });
    const hitl = await recordOne(server.url, {}, async (driver) => {
      const waiting = await driver.start({ assistantId: "hitl", input: { topic: "visual debugging" } });
      if (waiting?.status !== "waiting") throw new Error(`hitl did not wait: ${JSON.stringify(waiting)}`);
      const done = await driver.resume("yes");
      if (done?.status !== "finished") throw new Error(`hitl did not finish: ${JSON.stringify(done)}`);
    });
    for (const [name, bytes] of [["agent-breakpoint", agent], ["hitl", hitl]] as const) {
      const file = path.join(dir, `${kind}-${name}.lgrun`);
      writeFileSync(file, bytes);
      written.push(file);
    }
  } finally {
    await server.stop();
  }
  return written;
}

export { stopAllServers };
