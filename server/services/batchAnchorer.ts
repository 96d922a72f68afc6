import type { ChainFollower } from "../chain/chainFollower";
import type { RegistryClient } from "../chain/registryClient";
import type { Metrics } from "../metrics";
import type { BatchLeaf } from "../../protocol";
import type { BatchStore } from "../store/batches";
import type { ChainIndex } from "../store/chainIndex";
import type { IntentStore } from "../store/intents";
import type { PreparationPool } from "../workers/pool";
import type { AnchoredBatch } from "./batchQueue";

export interface BatchAnchorerDeps {
  chain: RegistryClient;
  follower: ChainFollower;
  chainIndex: ChainIndex;
  batches: BatchStore;
  intents: IntentStore;
  metrics: Metrics;
  /** Builds batch trees off the event loop. */
  preparation: PreparationPool;
}

/**
 * Anchors a batch: builds its Merkle tree and stores every leaf with its proof in one transaction
 * (so no anchored root is ever without its leaves, and the intents read its stored leaves as
 * batched: a restart re-sends this root rather than batch them again), then anchors the root and
 * waits until the index confirms it.
 */
export function batchAnchorer(deps: BatchAnchorerDeps) {
  return async (leaves: BatchLeaf[]): Promise<AnchoredBatch> => {
    const { root, proofs } = await deps.preparation.buildBatchTree(leaves);
    deps.batches.save(root, leaves.map((leaf, leafIndex) => ({ ...leaf, root, leafIndex, proof: proofs[leafIndex]! })));
    return anchorStoredBatch(deps, root, leaves.length);
  };
}

/** Sends a stored batch's root and retires the intents the index then confirms. Also used on restart. */
export async function anchorStoredBatch(deps: BatchAnchorerDeps, root: BatchLeaf["contentHash"], count: number): Promise<AnchoredBatch> {
  let anchored;
  try {
    anchored = await deps.chain.anchorBatch(root, count);
  } catch (error) {
    deps.metrics.chainErrors.inc({ operation: "batch" });
    throw error;
  }
  deps.metrics.batchSize.observe(count);
  await deps.follower.syncTo(anchored.blockNumber);
  // One transaction for the whole batch: a synchronous commit per leaf would cost a disk flush each.
  deps.intents.transaction(() => {
    for (const leaf of deps.batches.leaves(root)) if (deps.chainIndex.anchor(leaf.contentHash)) deps.intents.done(leaf.contentHash);
  });
  return { root, ...anchored };
}
