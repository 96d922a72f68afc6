import type { BatchLeaf, ContentHash, Hex } from "../../protocol";
import type { Db } from "./database";

export interface StoredBatchLeaf extends BatchLeaf {
  root: Hex;
  leafIndex: number;
  proof: Hex[];
}

/**
 * The leaves and proofs of the batches this service built or read from their files, kept off chain
 * as the chain keeps only roots: receipts give a leaf's proof, and recovery re-sends a built root.
 */
export class BatchStore {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      // A batch read again from its file (a rebuilt index) keeps what was stored: the same root names the same leaves.
      insertBatch: db.prepare("INSERT INTO batches (root, count, created_at) VALUES (?, ?, ?) ON CONFLICT (root) DO NOTHING"),
      insertLeaf: db.prepare(
        `INSERT INTO batch_leaves (content_hash, root, leaf_index, publisher, previous, signature, proof)
         VALUES (@contentHash, @root, @leafIndex, @publisher, @previous, @signature, @proof) ON CONFLICT (content_hash) DO NOTHING`,
      ),
      leavesOf: db.prepare<[string], StoredLeafRow>(`SELECT ${LEAF_COLUMNS} FROM batch_leaves WHERE root = ? ORDER BY leaf_index`),
      leaf: db.prepare<[string], StoredLeafRow>(`SELECT ${LEAF_COLUMNS} FROM batch_leaves WHERE content_hash = ?`),
    };
  }

  /** Saves a batch and all its leaves at once, before its root is sent to the chain. */
  save(root: Hex, leaves: StoredBatchLeaf[]): void {
    this.db.transaction(() => {
      this.statements.insertBatch.run(root, leaves.length, Date.now());
      for (const leaf of leaves) this.statements.insertLeaf.run({ ...leaf, proof: JSON.stringify(leaf.proof) });
    })();
  }

  leaves(root: Hex): StoredBatchLeaf[] {
    return this.statements.leavesOf.all(root).map(fromRow);
  }

  leaf(contentHash: ContentHash): StoredBatchLeaf | undefined {
    const row = this.statements.leaf.get(contentHash);
    return row && fromRow(row);
  }
}

type StoredLeafRow = Omit<StoredBatchLeaf, "proof"> & { proof: string };

const LEAF_COLUMNS = `content_hash AS contentHash, root, leaf_index AS leafIndex, publisher, previous, signature, proof`;

const fromRow = (row: StoredLeafRow): StoredBatchLeaf => ({ ...row, proof: JSON.parse(row.proof) as Hex[] });
