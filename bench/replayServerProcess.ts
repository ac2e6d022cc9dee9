// Entry of the replay server's own process (built next to engineBench.mjs by scripts/bench.mjs): a real
// server is another process, and in-process it would take event-loop turns and CPU from the client
// being measured. Serves `once` (the recorded stream) and `x5` (it repeated five times), tells the
// parent its URL over IPC, and exits when the parent disconnects.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { REPEAT_FOR_HEAP, repeatStream, startReplayServer } from "./replayServer";

const fixtureDir = process.argv[2];
if (!fixtureDir || !process.send) throw new Error("start with child_process.fork(script, [fixtureDir])");
const recorded = gunzipSync(readFileSync(path.join(fixtureDir, "agent-20k.sse.gz")));
const server = await startReplayServer({ once: recorded, x5: repeatStream(recorded, REPEAT_FOR_HEAP) });
process.on("disconnect", () => void server.close().finally(() => process.exit(0)));
process.on("message", (message: unknown) => {
  if (message === "cpu") process.send?.({ cpu: process.cpuUsage() });
});
process.send({ url: server.url, bytes: recorded.length });
