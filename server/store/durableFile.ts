import fs from "node:fs";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";

/**
 * Writes a file where neither a crash nor a power cut leaves half of it: write-file-atomic writes a
 * temporary file, syncs it and renames it over `file`; the directory is then synced too, so that
 * the rename itself survives a power cut. `mode` applies from the file's creation on.
 */
export function writeFileDurably(file: string, content: string, options: { mode?: number } = {}): void {
  writeFileAtomic.sync(file, content, { fsync: true, ...options });
  const directory = fs.openSync(path.dirname(file), "r");
  try {
    fs.fsyncSync(directory);
  } finally {
    fs.closeSync(directory);
  }
}
