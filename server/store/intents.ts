import type { ContentHash, Hex } from "../../protocol";
import { inTransaction, type Db } from "./database";

export type IntentStatus = "accepted" | "batched" | "sent" | "failed";

export interface Intent {
  contentHash: ContentHash;
  status: IntentStatus;
  batchRoot: Hex | null;
  txHash: Hex | null;
}

/**
 * The intents: what was accepted for publication and how far it got. An intent is written with the article text before anything is sent to the
 * chain, and says how far it got, so that a restart finishes what a crash interrupted without
 * sending anything twice blindly.
 */
export class IntentStore {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      accept: db.prepare(
        `INSERT INTO intents (content_hash, status, updated_at) VALUES (?, 'accepted', ?)
         ON CONFLICT (content_hash) DO UPDATE SET status = 'accepted', error = NULL, updated_at = excluded.updated_at
         WHERE intents.status = 'failed'`,
      ),
      sent: db.prepare("UPDATE intents SET status = 'sent', tx_hash = ?, updated_at = ? WHERE content_hash = ?"),
      failed: db.prepare("UPDATE intents SET status = 'failed', error = ?, updated_at = ? WHERE content_hash = ?"),
      remove: db.prepare("DELETE FROM intents WHERE content_hash = ?"),
      removeIndexedLeaves: db.prepare(
        `DELETE FROM intents WHERE content_hash IN
           (SELECT bl.content_hash FROM batch_leaves bl JOIN anchors a ON a.content_hash = bl.content_hash WHERE bl.root = ?)`,
      ),
      // An accepted publication whose leaf is stored is batched: the leaf is written in the batch's
      // own transaction, so the intents need no write of its own per leaf (older files may still
      // hold status 'batched' with its root).
      unfinished: db.prepare<[], Intent>(
        `SELECT i.content_hash AS contentHash,
           CASE WHEN i.status = 'accepted' AND bl.root IS NOT NULL THEN 'batched' ELSE i.status END AS status,
           COALESCE(bl.root, i.batch_root) AS batchRoot, i.tx_hash AS txHash
         FROM intents i LEFT JOIN batch_leaves bl ON bl.content_hash = i.content_hash
         WHERE i.status != 'failed' ORDER BY i.updated_at, i.content_hash`,
      ),
    };
  }

  /** Records an accepted publication; a failed one may be accepted again. Call inside the article's transaction. */
  accept(contentHash: ContentHash): void {
    this.statements.accept.run(contentHash, Date.now());
  }

  sent(contentHash: ContentHash, txHash: Hex): void {
    this.statements.sent.run(txHash, Date.now(), contentHash);
  }

  failed(contentHash: ContentHash, error: string): void {
    this.statements.failed.run(error, Date.now(), contentHash);
  }

  /** Forgets an intent: the chain index confirms its anchor, or it never left the service. */
  done(contentHash: ContentHash): void {
    this.statements.remove.run(contentHash);
  }

  /** Forgets the intents of a batch's leaves the chain index holds, in one statement: a batch has hundreds. */
  retireIndexedLeaves(root: Hex): void {
    this.statements.removeIndexedLeaves.run(root);
  }

  unfinished(): Intent[] {
    return this.statements.unfinished.all();
  }

  transaction<T>(work: () => T): T {
    return inTransaction(this.db, work);
  }
}
