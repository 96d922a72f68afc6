import type { ContentHash, Hex, SignatureHex } from "./types";

/**
 * Leaf encoding of batch trees: OpenZeppelin StandardMerkleTree over these ABI types, so that the
 * leaf hash is keccak256(keccak256(abi.encode(contentHash, publisher, previous, signature))), as
 * the registry's isBatchLeaf and OpenZeppelin's MerkleProof compute it.
 */
export const BATCH_LEAF_ENCODING = ["bytes32", "address", "bytes32", "bytes"] as const;

/** One publication in a batch. */
export interface BatchLeaf {
  contentHash: ContentHash;
  publisher: Hex;
  previous: ContentHash;
  signature: SignatureHex;
}

/** The leaf's values in BATCH_LEAF_ENCODING order. */
export const batchLeafValues = (leaf: BatchLeaf): [ContentHash, Hex, ContentHash, SignatureHex] => [
  leaf.contentHash,
  leaf.publisher,
  leaf.previous,
  leaf.signature,
];

/** A leaf of an anchored batch with its proof: what the registry's recordBatchLeaf takes. */
export interface BatchLeafProof {
  root: Hex;
  proof: Hex[];
  leaf: BatchLeaf;
}
