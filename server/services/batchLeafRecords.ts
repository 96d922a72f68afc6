import type { BatchLeafProof, ContentHash } from "../../protocol";
import type { RegistryReader } from "../chain/registryReader";
import type { BatchStore } from "../store/batches";
import type { ChainIndex } from "../store/chainIndex";

export interface BatchLeafRecordDeps {
  chain: RegistryReader;
  chainIndex: ChainIndex;
  batches: BatchStore;
}

/**
 * What the registry needs to correct or retract a version it holds no record of: for a version
 * anchored in a batch and not recorded yet, its leaf and proof (a correction proves it by them,
 * anchorBatchLeafCorrection; a retraction records it first, recordBatchLeaf in the same
 * transaction); undefined for a version the registry holds a record of, or one the index does not
 * know (the registry then refuses it in its own words).
 */
export async function unrecordedBatchLeaf(deps: BatchLeafRecordDeps, contentHash: ContentHash): Promise<BatchLeafProof | undefined> {
  const anchor = deps.chainIndex.anchor(contentHash);
  if (!anchor?.batchRoot) return undefined;
  const leaf = deps.batches.leaf(contentHash);
  if (!leaf || (await deps.chain.isAnchored(contentHash))) return undefined;
  return { root: leaf.root, proof: leaf.proof, leaf: { contentHash: leaf.contentHash, publisher: leaf.publisher, previous: leaf.previous, signature: leaf.signature } };
}
