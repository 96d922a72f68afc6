import { Mutex } from "async-mutex";
import { setTimeout as sleep } from "node:timers/promises";
import { getAddress } from "ethers";
import type { Logger } from "pino";
import { cidOfContentHash, LOG_RANGE_BLOCKS, type ContentHash, type Hex } from "../../protocol";
import { ChainUnavailableError, RegistryUnavailableError } from "../errors";
import type { AnchoredBatchRow, AnchorRow, ChainIndex, Cursor, PublisherRow, RetractionRow } from "../store/chainIndex";
import type { BatchLeafResolver, ResolvedBatch } from "./batchLeaves";
import type { RegistryEvent, RegistryReader } from "./registryReader";

export interface ChainFollowerOptions {
  /** The registry's events and the chain's blocks. */
  registry: RegistryReader;
  chainIndex: ChainIndex;
  /** What an anchored root contains: a BatchAnchored event names only the root. */
  batchLeaves: BatchLeafResolver;
  /** First block that can hold registry events: where a fresh index starts reading. */
  startBlock: number;
  /** Blocks an event must be buried under before it counts. */
  confirmations: number;
  pollMs: number;
  logger: Logger;
  /** Most blocks asked for in one eth_getLogs call; public nodes cap the range. */
  chunkSize?: number;
  /** Told of every failed background sync (the chain unreachable, say), which is then retried. */
  onSyncError?: (error: unknown) => void;
}

type IndexEvent =
  | { kind: "publisher"; row: Omit<PublisherRow, "revokedAt" | "keyRotations"> }
  | { kind: "revocation"; id: number; revokedAt: number }
  | { kind: "rotation"; id: number; newKey: Hex }
  | { kind: "anchor"; row: AnchorRow }
  | { kind: "batch"; batch: AnchoredBatchRow; leaves: AnchorRow[] }
  | { kind: "retraction"; row: RetractionRow };

/**
 * Follows the chain and feeds the chain index (server/store/chainIndex.ts) from the registry's own events. Only the chain's events enter the index,
 * which is why an answer read from it is chain-confirmed. It follows the chain head, and when the
 * block it last read has changed (a reorg or a reset development chain), it starts over.
 */
export class ChainFollower {
  private readonly lock = new Mutex();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private missingRegistry: string | null = null;
  private waitingFor: string | null = null;

  constructor(private readonly options: ChainFollowerOptions) {}

  /** Indexes every confirmed event up to the chain head; returns the last indexed block. */
  async sync(): Promise<number> {
    return this.lock.runExclusive(async () => {
      const { registry, chainIndex, confirmations, startBlock } = this.options;
      await this.dropIndexIfChainChanged();
      await this.checkRegistryDeployed();
      const target = (await registry.blockNumber()) - confirmations;
      const cursor = chainIndex.cursor();
      let from = cursor ? cursor.blockNumber + 1 : startBlock;
      this.waitingFor = null;
      while (from <= target) {
        const to = Math.min(target, from + (this.options.chunkSize ?? LOG_RANGE_BLOCKS) - 1);
        const { events, upTo, missing } = await this.readEvents(from, to);
        if (upTo >= from) await this.applyThrough(events, upTo);
        if (missing) {
          // The index may not pass a batch whose leaves it cannot know: it waits at the block before,
          // and every later poll tries the sources again.
          this.waitingFor = missing;
          this.options.logger.warn({ reason: missing }, "the index waits for a batch file");
          break;
        }
        from = to + 1;
      }
      return chainIndex.cursor()?.blockNumber ?? startBlock - 1;
    });
  }

  /** Applies the events, then moves the cursor to `blockNumber`, in one transaction. */
  private async applyThrough(events: IndexEvent[], blockNumber: number): Promise<void> {
    const { registry, chainIndex } = this.options;
    const block = await registry.block(blockNumber);
    if (!block) throw new ChainUnavailableError({ message: `block ${blockNumber} is missing from the chain` });
    const next: Cursor = { blockNumber, blockHash: block.hash };
    chainIndex.transaction(() => {
      for (const event of events) apply(chainIndex, event);
      chainIndex.setCursor(next);
    });
  }

  /** Why the index cannot go past its block now (a batch file no source has yet); null when it follows the head. */
  stalled(): string | null {
    return this.waitingFor;
  }

  /**
   * Why nothing can be verified now, when the last sync found no registry contract at its address
   * (a reset development chain); null while it is there.
   */
  registryMissing(): string | null {
    return this.missingRegistry;
  }

  /** Last block whose events are in the index, or null before the first sync. */
  indexedBlock(): number | null {
    return this.options.chainIndex.cursor()?.blockNumber ?? null;
  }

  /** Waits until the index holds block `blockNumber` (and so every event in it). */
  async syncTo(blockNumber: number, timeoutMs = 60_000): Promise<void> {
    // Many requests wait for the same block (a batch answers hundreds at once): once one of them
    // brought the index there, the others need not ask the chain again.
    if ((this.indexedBlock() ?? -1) >= blockNumber) return;
    const deadline = Date.now() + timeoutMs;
    while ((await this.sync()) < blockNumber) {
      if (Date.now() > deadline) throw new ChainUnavailableError({ message: `the index did not reach block ${blockNumber} in ${timeoutMs} ms` });
      await sleep(this.options.pollMs);
    }
  }

  /** Follows the chain in the background until stop(). */
  start(): void {
    this.stopped = false;
    const tick = async () => {
      try {
        await this.sync();
      } catch (error) {
        this.options.logger.warn({ err: error }, "the chain follower could not read the chain; retrying");
        this.options.onSyncError?.(error);
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.lock.waitForUnlock();
  }

  private async dropIndexIfChainChanged(): Promise<void> {
    const { chainIndex, registry, logger } = this.options;
    const cursor = chainIndex.cursor();
    if (!cursor) return;
    const block = await registry.block(cursor.blockNumber);
    if (block?.hash === cursor.blockHash) return;
    logger.warn(
      { block: cursor.blockNumber, indexed: cursor.blockHash, onChain: block?.hash ?? null },
      "the chain no longer has the last indexed block (reorg or reset chain): rebuilding the index from its events",
    );
    chainIndex.clear();
  }

  private async checkRegistryDeployed(): Promise<void> {
    const { registry, logger } = this.options;
    const { address } = registry;
    if (await registry.isDeployed()) {
      if (this.missingRegistry) logger.info({ registry: address }, "the registry contract is back: verifying again");
      this.missingRegistry = null;
      return;
    }
    if (!this.missingRegistry) logger.error({ registry: address }, "the registry contract is gone from the chain: refusing to verify");
    this.missingRegistry = `no registry contract at ${address} any more (a reset chain?): nothing can be verified until it is deployed there again`;
    throw new RegistryUnavailableError({ message: this.missingRegistry });
  }

  /**
   * The index's events of a range of blocks, in chain order. When a batch's file cannot be found,
   * only the events of the blocks before it, `upTo` the block before, and why it stopped.
   */
  private async readEvents(fromBlock: number, toBlock: number): Promise<{ events: IndexEvent[]; upTo: number; missing?: string }> {
    const { registry } = this.options;
    const logs = batchesLastInTheirBlock(await registry.events(fromBlock, toBlock));
    const resolved = await this.resolveBatches(logs);
    const stop = resolved.findIndex((batch) => batch?.kind === "missing");
    if (stop !== -1) {
      const blocked = logs[stop]!;
      const missing = resolved[stop]! as Extract<ResolvedBatch, { kind: "missing" }>;
      const before = logs.filter((log) => log.blockNumber < blocked.blockNumber);
      return {
        events: await this.toEvents(before, resolved),
        upTo: blocked.blockNumber - 1,
        missing: `the file of batch ${blocked.args.root} (block ${blocked.blockNumber}) is in none of ${missing.tried.join(", ")}`,
      };
    }
    return { events: await this.toEvents(logs, resolved), upTo: toBlock };
  }

  /** What each batch event's root contains, found before anything is applied; undefined for other events. */
  private async resolveBatches(logs: RegistryEvent[]): Promise<(ResolvedBatch | undefined)[]> {
    const resolved: (ResolvedBatch | undefined)[] = [];
    for (const log of logs) {
      resolved.push(log.name === "BatchAnchored" ? await this.options.batchLeaves.resolve(log.args.root as Hex, Number(log.args.count)) : undefined);
      if (resolved.at(-1)?.kind === "missing") break;
    }
    return resolved;
  }

  private async toEvents(logs: RegistryEvent[], resolved: (ResolvedBatch | undefined)[]): Promise<IndexEvent[]> {
    const { registry } = this.options;
    const timestamps = new Map<number, Promise<number>>();
    const blockTimestamp = (blockNumber: number) => {
      if (!timestamps.has(blockNumber)) {
        timestamps.set(blockNumber, registry.block(blockNumber).then((block) => block?.timestamp ?? 0));
      }
      return timestamps.get(blockNumber)!;
    };
    const events = await Promise.all(logs.map((log, i) => this.toEvent(log, resolved[i], blockTimestamp)));
    return events.filter((event): event is IndexEvent => event !== undefined);
  }

  private async toEvent(
    event: RegistryEvent,
    batch: ResolvedBatch | undefined,
    blockTimestamp: (block: number) => Promise<number>,
  ): Promise<IndexEvent | undefined> {
    switch (event.name) {
      case "PublisherRegistered":
        return {
          kind: "publisher",
          row: {
            id: Number(event.args.publisherId),
            key: getAddress(event.args.key) as Hex,
            name: event.args.name,
            domain: event.args.domain,
            registeredAt: await blockTimestamp(event.blockNumber),
          },
        };
      case "PublisherRevoked":
        return { kind: "revocation", id: Number(event.args.publisherId), revokedAt: Number(event.args.revokedAt) };
      case "PublisherKeyRotated":
        return { kind: "rotation", id: Number(event.args.publisherId), newKey: getAddress(event.args.newKey) as Hex };
      case "BatchAnchored": {
        const row: AnchoredBatchRow = {
          root: event.args.root as Hex,
          blockNumber: event.blockNumber,
          logIndex: event.logIndex,
          txHash: event.txHash,
          count: Number(event.args.count),
          anchoredAt: Number(event.args.timestamp),
          problem: batch?.kind === "invalid" ? batch.problem : null,
        };
        if (row.problem) this.options.logger.error({ root: row.root, problem: row.problem }, "an anchored batch's file proves nothing: its leaves do not count");
        const leaves = batch?.kind === "leaves" ? batch.leaves : [];
        return {
          kind: "batch",
          batch: row,
          leaves: await Promise.all(
            leaves.map(async (leaf) => ({
              contentHash: leaf.contentHash,
              cid: await cidOfContentHash(leaf.contentHash),
              publisherId: 0, // Resolved when applied: the publisher's state at this point of the chain.
              signer: leaf.publisher,
              previous: null, // A batch leaf is a first version (checkBatchFile).
              blockNumber: event.blockNumber,
              txHash: event.txHash,
              logIndex: event.logIndex,
              anchoredAt: row.anchoredAt,
            })),
          ),
        };
      }
      case "ArticleRetracted":
        return {
          kind: "retraction",
          row: {
            contentHash: event.args.contentHash as ContentHash,
            publisherId: Number(event.args.publisherId),
            reason: event.args.reason,
            blockNumber: event.blockNumber,
            txHash: event.txHash,
            retractedAt: Number(event.args.timestamp),
          },
        };
      case "ArticleAnchored": {
        const contentHash = event.args.contentHash as ContentHash;
        const previous = event.args.previous as ContentHash;
        return {
          kind: "anchor",
          row: {
            contentHash,
            cid: await cidOfContentHash(contentHash),
            publisherId: Number(event.args.publisherId),
            signer: getAddress(event.args.signer) as Hex,
            previous: BigInt(previous) === 0n ? null : previous,
            blockNumber: event.blockNumber,
            txHash: event.txHash,
            logIndex: event.logIndex,
            anchoredAt: Number(event.args.timestamp),
          },
        };
      }
      default:
        return undefined; // Role changes and other events do not feed the index.
    }
  }
}

/**
 * The events in the order the index applies them: chain order, except that each block's batches
 * come after its other events. A batch's leaves are judged by the publishers' state at the end of
 * their block (protocol, "At a block"): a key rotated out or revoked in the same block no longer
 * counts, whichever transaction came first, and a direct anchoring in that block comes first.
 */
function batchesLastInTheirBlock(logs: RegistryEvent[]): RegistryEvent[] {
  const rank = (log: RegistryEvent) => (log.name === "BatchAnchored" ? 1 : 0);
  // Array.prototype.sort is stable: within a block, each group keeps its chain order.
  return [...logs].sort((a, b) => a.blockNumber - b.blockNumber || rank(a) - rank(b));
}

/**
 * Turns a batch's leaves into anchors. Each block's batches are applied after its other events, so the index's publishers
 * are as the chain had them at the batch's block: a leaf whose key was not an active publisher's
 * current key then (or whose text is anchored already) does not count.
 */
function applyBatch(chainIndex: ChainIndex, batch: AnchoredBatchRow, leaves: AnchorRow[]): void {
  chainIndex.addBatch(batch);
  const root = batch.root;
  // A batch's leaves come from few keys: each is looked up once.
  const publisherIds = new Map<Hex, number | undefined>();
  for (const leaf of leaves) {
    if (!publisherIds.has(leaf.signer)) publisherIds.set(leaf.signer, chainIndex.activePublisherId(leaf.signer));
    const publisherId = publisherIds.get(leaf.signer);
    if (publisherId !== undefined) chainIndex.addAnchor({ ...leaf, publisherId, batchRoot: root });
  }
}

function apply(chainIndex: ChainIndex, event: IndexEvent): void {
  switch (event.kind) {
    case "publisher":
      return chainIndex.addPublisher(event.row);
    case "revocation":
      return chainIndex.revokePublisher(event.id, event.revokedAt);
    case "rotation":
      return chainIndex.rotateKey(event.id, event.newKey);
    case "anchor":
      // It may anchor a text a batch anchored before: the registry cannot see unrecorded leaves,
      // and anyone may submit a leaf's public signature. addAnchor keeps the earlier anchoring.
      return chainIndex.addAnchor(event.row);
    case "batch":
      return applyBatch(chainIndex, event.batch, event.leaves);
    case "retraction":
      return chainIndex.addRetraction(event.row);
  }
}
