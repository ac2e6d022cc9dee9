// Which recordings to delete so a folder stays under its size cap: the oldest first, never the one
// just written. Pure (the host lists and deletes the files).

export interface RecordingFile {
  name: string;
  size: number;
  /** Last modified, ms since the epoch. */
  mtime: number;
}

/** Names to delete, oldest first, until the files left add up to at most `maxBytes`. */
export function overCap(files: readonly RecordingFile[], maxBytes: number, keep: string): string[] {
  let total = files.reduce((sum, f) => sum + f.size, 0);
  const doomed: string[] = [];
  for (const file of [...files].sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name))) {
    if (total <= maxBytes) break;
    if (file.name === keep) continue;
    doomed.push(file.name);
    total -= file.size;
  }
  return doomed;
}
