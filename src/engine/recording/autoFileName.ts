// The file name an automatic recording (every run recorded) of one story goes to. Pure.

/** A story the recorder keeps: its number (a new one each time the shown story starts over or changes thread) and thread. */
export interface StoryOnFile {
  story: number;
  threadId: string;
}

/**
 * The file for `current`: the one its story already has (it is rewritten after each run), or a new
 * one named after the thread and `stampText` (the time). A story that starts over on the same thread
 * (Run again) gets a file of its own, so the previous story's runs stay on disk; when both would have
 * the same name (the same second), the new one also carries its story number.
 */
export function autoFileName(previous: { story: number; name: string } | undefined, current: StoryOnFile, stampText: string): string {
  if (previous?.story === current.story) return previous.name;
  const name = `${current.threadId.slice(0, 8)}-${stampText}.lgrun.gz`;
  return name === previous?.name ? `${current.threadId.slice(0, 8)}-${stampText}-${current.story}.lgrun.gz` : name;
}
