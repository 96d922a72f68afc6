import fs from "node:fs";
import path from "node:path";
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

  /** Writes a batch file where a crash cannot leave half of it: a temporary file, synced, then renamed. */
  write(file: BatchFile): void {
    const target = path.join(this.dir, batchFileName(file.root));
    if (fs.existsSync(target)) return; // The same root names the same leaves: a file once written stays.
    const temporary = `${target}.${process.pid}.tmp`;
    const handle = fs.openSync(temporary, "w");
    try {
      fs.writeFileSync(handle, JSON.stringify(file));
      fs.fsyncSync(handle);
    } finally {
      fs.closeSync(handle);
    }
    fs.renameSync(temporary, target);
    const directory = fs.openSync(this.dir, "r");
    try {
      fs.fsyncSync(directory);
    } finally {
      fs.closeSync(directory);
    }
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
