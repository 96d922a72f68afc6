import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { batchFileOf, type BatchLeaf, type Hex } from "../../protocol";
import type { ChainFollower } from "../chain/chainFollower";
import { ServiceError } from "../errors";
import type { RegistryClient } from "../chain/registryClient";
import type { Metrics } from "../metrics";
import type { BatchArchive } from "../store/batchArchive";
import type { BatchStore } from "../store/batches";
import type { ChainIndex } from "../store/chainIndex";
import type { IntentStore } from "../store/intents";
import type { PreparationPool } from "../workers/pool";
import type { AnchoredBatch, BatchAnchoring } from "./batchQueue";

export interface BatchAnchorerDeps {
  chain: RegistryClient;
  follower: ChainFollower;
  chainIndex: ChainIndex;
  batches: BatchStore;
  /** DATA_DIR/batches: each batch's file is there before its root is sent. */
  archive: BatchArchive;
  intents: IntentStore;
  metrics: Metrics;
  /** Builds batch trees off the event loop. */
  preparation: PreparationPool;
  logger: Logger;
}

/** How a batch the chain refused is tried again: soon at first, then every minute at most. */
export const BATCH_RETRY = { firstDelayMs: 1_000, maxDelayMs: 60_000 } as const;

/**
 * Anchors a batch: builds its Merkle tree, writes its batch file (DATA_DIR/batches) and stores
 * every leaf with its proof (so no anchored root is ever without its leaves, and the intents read
 * its stored leaves as batched: a restart re-sends this root rather than batch them again), then
 * anchors the root, again and again with a growing delay while the chain refuses it, and waits
 * until the index confirms it.
 */
export function batchAnchorer(deps: BatchAnchorerDeps) {
  return async (leaves: BatchLeaf[], anchoring: BatchAnchoring): Promise<AnchoredBatch> => {
    const { root, proofs } = await deps.preparation.buildBatchTree(leaves);
    await deps.archive.write(batchFileOf(root, { chainId: Number(deps.chain.chainId), registry: deps.chain.address }, leaves));
    deps.batches.save(root, leaves.map((leaf, leafIndex) => ({ ...leaf, root, leafIndex, proof: proofs[leafIndex]! })));
    return anchorRetrying(deps, root, leaves.length, anchoring);
  };
}

/** Sends a stored batch's root until the chain takes it, with the same root and leaves each time. */
async function anchorRetrying(deps: BatchAnchorerDeps, root: Hex, count: number, anchoring: BatchAnchoring): Promise<AnchoredBatch> {
  for (let attempt = 1, delay: number = BATCH_RETRY.firstDelayMs; ; attempt++, delay = Math.min(2 * delay, BATCH_RETRY.maxDelayMs)) {
    try {
      return await anchorStoredBatch(deps, root, count);
    } catch (error) {
      if (attempt === 1) anchoring.onFailure(error);
      if (anchoring.signal.aborted) throw error;
      deps.metrics.batchRetries.inc();
      deps.logger.warn({ err: error, root, attempt, retryInMs: delay }, "a batch could not be anchored: trying again with the same root");
      // A close during the wait ends it at once: the batch is stored, and the next start sends it.
      await sleep(delay, undefined, { signal: anchoring.signal }).catch(() => undefined);
      if (anchoring.signal.aborted) throw error;
    }
  }
}

/** Sends a stored batch's root and retires the intents the index then confirms. Also used on restart. */
export async function anchorStoredBatch(deps: BatchAnchorerDeps, root: Hex, count: number): Promise<AnchoredBatch> {
  let anchored;
  try {
    anchored = await deps.chain.anchorBatch(root, count);
  } catch (error) {
    // An attempt that timed out may have landed after all: then this root is anchored, and done.
    const landed = error instanceof ServiceError && error.code === "batch_already_anchored" ? await landedBatch(deps, root) : undefined;
    if (!landed) {
      deps.metrics.chainErrors.inc({ operation: "batch" });
      throw error;
    }
    anchored = landed;
  }
  deps.metrics.batchSize.observe(count);
  await deps.follower.syncTo(anchored.blockNumber);
  deps.intents.retireIndexedLeaves(root);
  return { root, ...anchored };
}

/** Where the chain anchored a root, once the index holds it. */
async function landedBatch(deps: BatchAnchorerDeps, root: Hex): Promise<{ txHash: Hex; blockNumber: number } | undefined> {
  const blockNumber = await deps.chain.batchBlock(root);
  if (blockNumber === undefined) return undefined;
  await deps.follower.syncTo(blockNumber);
  const batch = deps.chainIndex.batch(root);
  return batch && { txHash: batch.txHash, blockNumber: batch.blockNumber };
}
