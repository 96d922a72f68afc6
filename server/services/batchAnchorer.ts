import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { RegistryClient } from "../chain/registryClient";
import { BATCH_LEAF_ENCODING, batchLeafValues, type BatchLeaf, type Hex } from "../protocol";
import type { Metrics } from "../metrics";
import type { BatchStore } from "../store/batches";
import type { AnchoredBatch } from "./batchQueue";

/**
 * Anchors a batch: builds its StandardMerkleTree, stores every leaf with its proof (before the
 * root goes to the chain, so no anchored root is ever without its leaves), then anchors the root.
 */
export function batchAnchorer(deps: { chain: RegistryClient; batches: BatchStore; metrics: Metrics }) {
  return async (leaves: BatchLeaf[]): Promise<AnchoredBatch> => {
    const tree = StandardMerkleTree.of(leaves.map(batchLeafValues), [...BATCH_LEAF_ENCODING]);
    const root = tree.root as Hex;
    deps.batches.save(
      root,
      leaves.map((leaf, leafIndex) => ({ ...leaf, root, leafIndex, proof: tree.getProof(leafIndex) as Hex[] })),
    );
    const { txHash, blockNumber } = await deps.chain.anchorBatch(root, leaves.length);
    deps.metrics.batchSize.observe(leaves.length);
    return { root, txHash, blockNumber };
  };
}
