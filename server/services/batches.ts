import type { AnchoredBatch, BatchList, Hex } from "../../protocol";
import { NotFoundError } from "../errors";
import type { BatchArchive } from "../store/batchArchive";
import type { AnchoredBatchRow, ChainIndex } from "../store/chainIndex";

const isoSeconds = (seconds: number) => new Date(seconds * 1000).toISOString();

const batchView = (row: AnchoredBatchRow): AnchoredBatch => ({
  root: row.root,
  blockNumber: row.blockNumber,
  txHash: row.txHash,
  count: row.count,
  anchoredAt: isoSeconds(row.anchoredAt),
  problem: row.problem,
});

/** The batches the registry anchored, and their files, for mirrors, auditors and replicas. */
export class BatchService {
  constructor(private readonly deps: { chainIndex: ChainIndex; archive: BatchArchive }) {}

  /** The batch file as it was written, byte for byte: a root names its leaves once and for all. */
  file(root: Hex): Buffer {
    const bytes = this.deps.archive.bytes(root);
    if (!bytes) throw new NotFoundError({ message: `this service holds no batch file of the root ${root}` });
    return bytes;
  }

  /** A page of anchored batches in chain order, after a root the index holds (or from the first). */
  list(after: Hex | undefined, limit: number): BatchList {
    const from = after === undefined ? undefined : this.deps.chainIndex.batch(after);
    if (after !== undefined && !from) throw new NotFoundError({ message: `the registry anchored no batch of the root ${after}` });
    const rows = this.deps.chainIndex.batchesAfter(from, limit + 1);
    const page = rows.slice(0, limit);
    return { batches: page.map(batchView), next: rows.length > limit ? page.at(-1)!.root : null };
  }
}
