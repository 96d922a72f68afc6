import fs from "node:fs";
import path from "node:path";
import { writeFileDurably } from "./durableFile";
import { batchFileName, type BatchFile, type BatchSource, type Hex } from "../../protocol";

/**
 * The batch files this service anchored or followed, one `<root>.json` each in DATA_DIR/batches:
 * what GET /v1/batches/:root serves, what a mirror copies, and, with the chain, all an index
 * rebuild needs of a batch. A file is written whole and synced before its root is sent to the
 * chain, so that no anchored root ever lacks its leaves.
 */
export class BatchArchive {
  readonly source: BatchSource;

  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    this.source = { kind: "directory", dir };
  }

  /** Writes a batch file whole, synced, before anyone may rely on it. */
  async write(file: BatchFile): Promise<void> {
    const target = path.join(this.dir, batchFileName(file.root));
    if (fs.existsSync(target)) return; // The same root names the same leaves: a file once written stays.
    await writeFileDurably(target, JSON.stringify(file));
  }

  /** The file's bytes as written, for serving; undefined when this archive has no such batch. */
  bytes(root: Hex): Buffer | undefined {
    try {
      return fs.readFileSync(path.join(this.dir, batchFileName(root)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }
}
