import { buildBatchTree as buildTree, type BatchLeaf, type BatchTree } from "../../protocol";
import { keccak256 } from "./publicationSigner";

/** The protocol's batch tree with native keccak: about a thousand hashes for 256 leaves, on a worker thread. */
export const buildBatchTree = (leaves: BatchLeaf[]): BatchTree => buildTree(leaves, keccak256);
