// What the run viewer shows for a file's bytes: the recording as the webview scrubs it, or why it
// cannot be shown (file and line), plus what to tell the person in a notification. No `vscode`:
// unit-tested on the recorded fixtures and on broken files.
import { readRecording, RecordingError } from "../engine/recording/readRecording";
import { recordedStory } from "../engine/recording/recordedStory";
import { viewRecording } from "../engine/recording/storyView";
import type { RecordingErrorMessage, RecordingMessage } from "../shared/protocol";

/** The message for the webview, and a notification when something is wrong with the file. */
export interface LoadedRecording {
  message: RecordingMessage | RecordingErrorMessage;
  notify?: { severity: "error" | "warning"; text: string };
}

/** Reads `bytes` (a `.lgrun` or `.lgrun.gz` file called `file`) into what the run viewer shows. Never throws. */
export function loadRecordingView(bytes: Uint8Array, file: string): LoadedRecording {
  try {
    const { recording, warnings } = readRecording(bytes, file);
    const message: RecordingMessage = { type: "recording", file, recording: viewRecording(recordedStory(recording)), warnings };
    return warnings.length > 0 ? { message, notify: { severity: "warning", text: warnings.join(" ") } } : { message };
  } catch (error) {
    return unreadable(file, error);
  }
}

/** The viewer's answer for a file that could not be read or shown. */
export function unreadable(file: string, error: unknown): LoadedRecording {
  const line = error instanceof RecordingError ? error.line : undefined;
  const reason = error instanceof RecordingError ? error.reason : error instanceof Error ? error.message : String(error);
  const message: RecordingErrorMessage = line === undefined ? { type: "recordingError", file, message: reason } : { type: "recordingError", file, line, message: reason };
  return { message, notify: { severity: "error", text: `Could not open the run recording ${file}${line === undefined ? "" : `, line ${line}`}: ${reason}` } };
}
