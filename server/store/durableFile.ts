import fs from "node:fs/promises";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";

/**
 * Writes a file where neither a crash nor a power cut leaves half of it: write-file-atomic writes a
 * temporary file, syncs it and renames it over `file`; the directory is then synced too, so that
 * the rename itself survives a power cut. `mode` applies from the file's creation on. The writes and
 * syncs run on libuv's threads: a batch file's took 3% of the event loop under bulk publishing.
 */
export async function writeFileDurably(file: string, content: string, options: { mode?: number } = {}): Promise<void> {
  await writeFileAtomic(file, content, { fsync: true, ...options });
  const directory = await fs.open(path.dirname(file), "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
