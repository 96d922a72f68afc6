import type { Logger } from "pino";
import type { BatchLeaf, ContentHash, Hex } from "../../protocol";

/** Where a leaf landed on chain. */
export interface AnchoredBatch {
  root: Hex;
  txHash: Hex;
  blockNumber: number;
}

/** What a batch's anchoring is told while it retries: the first failure, for the callers waiting on it; when to stop. */
export interface BatchAnchoring {
  onFailure(error: unknown): void;
  /** Aborted once the service closes: the batch then waits, stored, for the next start. */
  signal: AbortSignal;
}

export interface BatchQueueOptions {
  /** Flush as soon as this many leaves wait. */
  maxSize: number;
  /** Flush at the latest this long after the first leaf of a batch arrived. */
  maxWaitMs: number;
  /** Builds the tree, stores it and anchors its root, trying again while the chain refuses it (batchAnchorer). */
  anchor: (leaves: BatchLeaf[], anchoring: BatchAnchoring) => Promise<AnchoredBatch>;
  logger: Logger;
}

interface Entry {
  leaf: BatchLeaf;
  landed: Promise<AnchoredBatch>;
  settle: { resolve: (batch: AnchoredBatch) => void; reject: (error: unknown) => void };
}

/**
 * Gathers publications into Merkle batches: at `maxSize` leaves or `maxWaitMs` after the first,
 * whichever comes first. A publication already waiting, or in a batch being anchored, is not
 * added twice: its caller waits for the same batch.
 */
export class BatchQueue {
  private waiting = new Map<ContentHash, Entry>();
  private readonly closing = new AbortController();
  private readonly inFlight = new Map<ContentHash, Entry>();
  private readonly flushes = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: BatchQueueOptions) {}

  /** Resolves once the batch holding `leaf` is anchored. */
  add(leaf: BatchLeaf): Promise<AnchoredBatch> {
    const known = this.find(leaf.contentHash);
    if (known) return known.landed;
    let settle!: Entry["settle"];
    const landed = new Promise<AnchoredBatch>((resolve, reject) => (settle = { resolve, reject }));
    landed.catch(() => undefined); // A caller that does not wait must not crash the process on failure.
    this.waiting.set(leaf.contentHash, { leaf, landed, settle });
    if (this.waiting.size >= this.options.maxSize) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    return landed;
  }

  /** The leaf waiting or being anchored for this content hash, if any. */
  pending(contentHash: ContentHash): BatchLeaf | undefined {
    return this.find(contentHash)?.leaf;
  }

  /** Anchors everything waiting now and waits for every batch under way. */
  async drain(): Promise<void> {
    while (this.waiting.size > 0 || this.flushes.size > 0) {
      if (this.waiting.size > 0) this.flush();
      await Promise.allSettled([...this.flushes]);
    }
  }

  /**
   * Anchors what waits, and lets every batch under way finish its current attempt: one the chain
   * refuses then, or one waiting to try again, is not tried again here, but stays stored for the
   * next start.
   */
  async close(): Promise<void> {
    this.closing.abort();
    await this.drain();
  }

  private find(contentHash: ContentHash): Entry | undefined {
    return this.waiting.get(contentHash) ?? this.inFlight.get(contentHash);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const entries = [...this.waiting.values()].slice(0, this.options.maxSize);
    if (entries.length === 0) return;
    for (const entry of entries) {
      this.waiting.delete(entry.leaf.contentHash);
      this.inFlight.set(entry.leaf.contentHash, entry);
    }
    if (this.waiting.size > 0) this.timer = setTimeout(() => this.flush(), 0);

    const flush = this.anchor(entries).finally(() => this.flushes.delete(flush));
    this.flushes.add(flush);
  }

  /**
   * The callers waiting on a batch hear of its first failure at once; the batch itself is tried
   * again, with its publications still pending here (their receipts still promise them), until
   * the chain takes it.
   */
  private async anchor(entries: Entry[]): Promise<void> {
    const rejectWaiters = (error: unknown) => {
      for (const entry of entries) entry.settle.reject(error);
    };
    try {
      const batch = await this.options.anchor(
        entries.map((entry) => entry.leaf),
        { onFailure: rejectWaiters, signal: this.closing.signal },
      );
      for (const entry of entries) entry.settle.resolve(batch);
    } catch (error) {
      this.options.logger.error({ err: error, leaves: entries.length }, "a batch could not be anchored: it is stored, and sent again at the next start");
      rejectWaiters(error);
    } finally {
      for (const entry of entries) this.inFlight.delete(entry.leaf.contentHash);
    }
  }
}
