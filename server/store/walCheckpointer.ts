import { EventEmitter } from "node:events";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Logger } from "pino";
import type { Db } from "./database";

/** How often the thread copies the log into the file: each copy writes every page changed since once. */
const CHECKPOINT_INTERVAL_MS = 250;

/**
 * Pages of log past which the service's connection finishes the thread's copy (see the class):
 * 16,384 pages of 4 KiB. In one of the bench's bulk runs (40,960 articles, timed by hand) that
 * happened 7 times in 19 s, and took the event loop 0.1 to 43 ms each time: 1% of it, where
 * SQLite's automatic checkpoint took 11.6%.
 */
const RESTART_AFTER_PAGES = 16_384;

/** What the log file is cut back to when it starts over: at most a log of that size stays on disk. */
const LOG_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/** SQLite's own threshold, in pages of log, for the automatic checkpoint it falls back to. */
const AUTOMATIC_CHECKPOINT_PAGES = 1_000;

/** One checkpoint that copied pages: `checkpointed` of the log's `log` frames are now in the file. */
export interface Checkpoint {
  log: number;
  checkpointed: number;
}

/**
 * Copies a WAL database's committed pages into its file from a thread of its own. SQLite's
 * automatic checkpoint runs inside whichever commit crosses 1,000 pages of log, on the event loop:
 * under bulk publishing it took 11% of the main thread (`perf record` of the service during
 * `BENCH_ONLY=publish npm run bench`), time every other request waited. A PASSIVE checkpoint on
 * another connection takes no lock a writer needs. Should the thread fail, the connection goes
 * back to the automatic checkpoint, so that the log never grows without end.
 *
 * SQLite starts the log over only once every frame in it is in the file, and a copy made beside a
 * writer that never stops always ends a few frames behind: the log then grows for as long as the
 * writes go on (840 MiB of it at 300,000 articles, `BENCH_ONLY=scale`). A copy's own report cannot
 * tell: it counts against the log as the copy found it, not as it is once the copy ends. So once
 * the log passes RESTART_AFTER_PAGES, the service's connection, the only writer, copies the last
 * frames itself, between two of its writes, and its next write starts the log over.
 */
export class WalCheckpointer extends EventEmitter<{ checkpoint: [Checkpoint]; failed: [Error] }> {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(
    private readonly db: Db,
    file: string,
    logger: Logger,
    { restartAfterPages = RESTART_AFTER_PAGES } = {},
  ) {
    super();
    db.pragma("wal_autocheckpoint = 0");
    db.pragma(`journal_size_limit = ${LOG_SIZE_LIMIT_BYTES}`);
    this.worker = new Worker(path.join(__dirname, "walCheckpointThread.js"), { workerData: { file, intervalMs: CHECKPOINT_INTERVAL_MS } });
    // The thread's timer alone must not keep a process alive that has nothing else left to do.
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once("exit", () => resolve()));
    this.worker.on("message", (checkpoint: Checkpoint) => {
      if (checkpoint.log >= restartAfterPages && this.db.open) this.db.pragma("wal_checkpoint(PASSIVE)");
      this.emit("checkpoint", checkpoint);
    });
    this.worker.on("error", (error) => {
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${AUTOMATIC_CHECKPOINT_PAGES}`);
      logger.warn({ err: error }, "the checkpoint thread failed: SQLite checkpoints on the event loop again");
      this.emit("failed", error);
    });
  }

  /** Stops the thread, before the connection closes: the last connection to close checkpoints what is left. */
  async close(): Promise<void> {
    this.worker.postMessage("close");
    await this.exited;
  }
}
