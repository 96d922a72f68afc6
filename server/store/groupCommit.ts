import type { Db } from "./database";

interface PendingWrite {
  write: () => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Runs the writes of concurrent requests in one transaction. With synchronous=FULL every commit
 * waits for the disk (about 1 ms here), so one commit per request would cap the service near a
 * thousand writes a second; one commit per turn of the event loop does not, and each caller still
 * hears back only once its write is durable.
 */
export class GroupCommit {
  private pending: PendingWrite[] = [];

  constructor(private readonly db: Db) {}

  run(write: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.pending.push({ write, resolve, reject }) === 1) setImmediate(() => this.commit());
    });
  }

  private commit(): void {
    const writes = this.pending;
    this.pending = [];
    try {
      this.db.transaction(() => writes.forEach(({ write }) => write()))();
      writes.forEach(({ resolve }) => resolve());
    } catch {
      // One bad write must not fail the others: retry each on its own to find it.
      for (const { write, resolve, reject } of writes) {
        try {
          this.db.transaction(write)();
          resolve();
        } catch (error) {
          reject(error);
        }
      }
    }
  }
}
