// Opens a `.lgrun` file as a deployment to replay: from disk (the standalone adapter, tests), or from
// bytes read elsewhere (VS Code's file system).
import { readFile } from "node:fs/promises";
import { readRecording } from "./readRecording";
import { ReplayClient } from "./replayClient";

/** The recording at `file` as a ReplayClient, with the reader's warnings (a file cut short still opens). */
export async function openRecordingFile(file: string): Promise<{ client: ReplayClient; warnings: string[] }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === "ENOENT" ? `No recording at ${file}.` : `Cannot read the recording ${file}: ${(error as Error).message}`);
  }
  return replayOf(bytes, file);
}

/** A recording's bytes as a ReplayClient, with the reader's warnings (however the file was read). */
export function replayOf(bytes: Uint8Array, file: string): { client: ReplayClient; warnings: string[] } {
  const { recording, warnings } = readRecording(bytes, file);
  return { client: new ReplayClient(recording, file), warnings };
}
