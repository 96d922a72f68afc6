import { BatchFileError, checkBatchFile, describeBatchSource, NO_PREVIOUS, readBatchFile, type BatchLeaf, type BatchSource, type Hex } from "../../protocol";
import { keccak256 } from "../crypto/publicationSigner";
import type { PublicationSigner } from "../crypto/publicationSigner";
import type { BatchArchive } from "../store/batchArchive";
import type { BatchStore } from "../store/batches";

/** The leaves of an anchored batch that can count, the file they came from being sound; or why there are none. */
export type ResolvedBatch =
  | { kind: "leaves"; leaves: BatchLeaf[] }
  /** No source has its file (yet): the follower waits for it. */
  | { kind: "missing"; tried: string[] }
  /** Its file does not rebuild the root the chain holds, or breaks the format's rules: it proves nothing. */
  | { kind: "invalid"; problem: string };

/**
 * Finds what an anchored root contains. The chain holds only roots: the leaves are those of a
 * batch this service built (its own store), else of the batch file in its archive, else of the
 * configured BATCH_SOURCE (a mirror directory, or another service). A file from elsewhere is
 * checked as any verifier checks it (protocol/batchFile.ts, and each leaf's signature), kept in
 * the archive, and its leaves and proofs stored for receipts.
 */
export class BatchLeafResolver {
  private readonly sources: BatchSource[];

  constructor(
    private readonly deps: {
      batches: BatchStore;
      archive: BatchArchive;
      /** BATCH_SOURCE, if any. */
      remote: BatchSource | undefined;
      place: { chainId: number; registry: Hex };
      signer: PublicationSigner;
    },
  ) {
    this.sources = [deps.archive.source, ...(deps.remote ? [deps.remote] : [])];
  }

  async resolve(root: Hex, count: number): Promise<ResolvedBatch> {
    const own = this.deps.batches.leaves(root);
    if (own.length > 0) return { kind: "leaves", leaves: own };
    for (const source of this.sources) {
      const json = await readBatchFile(source, root);
      if (json !== undefined) return await this.adopt(json, root, count);
    }
    return { kind: "missing", tried: this.sources.map(describeBatchSource) };
  }

  private async adopt(json: unknown, root: Hex, count: number): Promise<ResolvedBatch> {
    let checked;
    try {
      checked = checkBatchFile(json, { root, ...this.deps.place }, keccak256);
    } catch (error) {
      if (error instanceof BatchFileError) return { kind: "invalid", problem: error.message };
      throw error;
    }
    const { file, tree } = checked;
    if (file.leaves.length !== count) return { kind: "invalid", problem: `the file holds ${file.leaves.length} leaves, the chain counts ${count}` };
    // A leaf whose signature is not its publisher's proves nothing (a relayer may have put it in);
    // the others still count, and only they are stored, with their proofs, for receipts.
    const signed = file.leaves
      .map((leaf, leafIndex) => ({ ...leaf, root, leafIndex, proof: tree.proofs[leafIndex]! }))
      .filter((leaf) => this.deps.signer.recover({ contentHash: leaf.contentHash, previous: NO_PREVIOUS }, leaf.signature) === leaf.publisher);
    await this.deps.archive.write(file);
    this.deps.batches.save(root, signed);
    return { kind: "leaves", leaves: signed };
  }
}
