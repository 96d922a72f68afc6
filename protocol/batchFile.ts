import { z } from "zod";
import { type BatchLeaf } from "./batch";
import { buildBatchTree, keccak256, type BatchTree, type Keccak256 } from "./batchTree";
import { NO_PREVIOUS } from "./eip712";
import { address, hex, integer } from "./strictJson";
import type { Hex } from "./types";

/** Format tag of batch files; a reader refuses formats it does not know. */
export const BATCH_FILE_FORMAT = "newsprov-batch-v1";

/** Most leaves one batch file may hold: the registry counts a batch's leaves in a uint32, the service in BATCH_SIZE (65,536 at most). */
export const MAX_BATCH_LEAVES = 65_536;

/**
 * What a batch contains, published so that anyone can rebuild its root and audit it
 * (docs/protocol.md, "Batch files"): the leaves in the order from which
 * StandardMerkleTree.of(leaves, ["bytes32","address","bytes32","bytes"]) rebuilds `root`.
 */
export interface BatchFile {
  format: typeof BATCH_FILE_FORMAT;
  root: Hex;
  chainId: number;
  registry: Hex;
  leaves: BatchLeaf[];
}

const leafSchema = z.strictObject({ contentHash: hex(32), publisher: address, previous: hex(32), signature: hex() });

/** Reads a batch file from untrusted JSON, strictly, as receiptSchema reads receipts. */
export const batchFileSchema = z.strictObject({
  format: z.literal(BATCH_FILE_FORMAT),
  root: hex(32),
  chainId: integer(1),
  registry: address,
  leaves: z.array(leafSchema).min(1).max(MAX_BATCH_LEAVES),
});

/** A batch file that passed every check that needs no chain, with its tree. */
export interface CheckedBatchFile {
  file: BatchFile;
  tree: BatchTree;
}

/** Why a batch file proves nothing: the first check it fails. */
export class BatchFileError extends Error {
  override readonly name = "BatchFileError";
}

/**
 * The checks of a batch file that need no chain: its format, the registry and root it should be
 * of, that every leaf is a first version (batch leaves carry no corrections: a correction goes
 * through the registry's own one-history check), no content hash twice, and that its leaves
 * rebuild its root. The signatures, and the publishers' state at the batch's block, are the
 * caller's: they need the chain or a recovery the caller picks.
 * @throws BatchFileError naming what is wrong
 */
export function checkBatchFile(
  json: unknown,
  expected: { root?: Hex; chainId?: number; registry?: Hex } = {},
  keccak: Keccak256 = keccak256,
): CheckedBatchFile {
  const parsed = batchFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new BatchFileError(`not a ${BATCH_FILE_FORMAT} file: ${parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "file"}: ${i.message}`).join("; ")}`);
  }
  const file = parsed.data as BatchFile;
  for (const key of ["root", "chainId", "registry"] as const) {
    if (expected[key] !== undefined && expected[key] !== file[key]) throw new BatchFileError(`the file is of ${key} ${file[key]}, not ${expected[key]}`);
  }
  const seen = new Set<string>();
  file.leaves.forEach((leaf, i) => {
    if (leaf.previous !== NO_PREVIOUS) throw new BatchFileError(`leaf ${i} corrects ${leaf.previous}: a batch leaf is a first version only`);
    if (seen.has(leaf.contentHash)) throw new BatchFileError(`leaf ${i} repeats the content hash ${leaf.contentHash}`);
    seen.add(leaf.contentHash);
  });
  const tree = buildBatchTree(file.leaves, keccak);
  if (tree.root !== file.root) throw new BatchFileError(`its leaves rebuild the root ${tree.root}, not ${file.root}`);
  return { file, tree };
}

/** The batch file of a tree the service built. */
export const batchFileOf = (root: Hex, place: { chainId: number; registry: Hex }, leaves: BatchLeaf[]): BatchFile => ({
  format: BATCH_FILE_FORMAT,
  root,
  chainId: place.chainId,
  registry: place.registry,
  leaves,
});
