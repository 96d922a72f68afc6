import type { Logger } from "pino";
import type { ChainFollower } from "../chain/chainFollower";
import type { RegistryClient } from "../chain/registryClient";
import type { PublicationSigner } from "../crypto/publicationSigner";
import { AlreadyAnchoredError, ServiceError } from "../errors";
import { NO_PREVIOUS, type ContentHash, type Hex } from "../../protocol";
import type { ArticleStore } from "../store/articles";
import type { ChainIndex } from "../store/chainIndex";
import type { Intent, IntentStore } from "../store/intents";
import { anchorStoredBatch, type BatchAnchorerDeps } from "./batchAnchorer";
import { unrecordedBatchLeaf } from "./batchLeafRecords";
import type { BatchQueue } from "./batchQueue";

export interface RecoveryDeps extends BatchAnchorerDeps {
  articles: ArticleStore;
  signer: PublicationSigner;
  queue: BatchQueue | undefined;
  logger: Logger;
}

export interface RecoveryReport {
  confirmed: number;
  resent: number;
  requeued: number;
  failed: number;
  /** Anchored only by a transaction still in the node's pool: its intent is left for the next start. */
  pending: number;
}

/**
 * Finishes what a crash interrupted, from the unfinished intents, after the index has caught up with
 * the chain. Nothing is sent twice blindly: an intent the chain already confirms is retired; a
 * transaction the node still knows is waited for (as long as the resend policy waits for one); a
 * stored batch is re-sent with its own root (the registry refuses a root twice); only then is
 * anything anchored anew.
 */
export async function recoverIntents(deps: RecoveryDeps): Promise<RecoveryReport> {
  const report: RecoveryReport = { confirmed: 0, resent: 0, requeued: 0, failed: 0, pending: 0 };
  const unfinished = deps.intents.unfinished();
  const roots = new Map<Hex, number>();
  for (const intent of unfinished) {
    if (deps.chainIndex.anchor(intent.contentHash)) {
      deps.intents.done(intent.contentHash);
      report.confirmed++;
    } else if (intent.status === "batched") {
      roots.set(intent.batchRoot!, (roots.get(intent.batchRoot!) ?? 0) + 1);
    } else {
      await recoverOne(deps, intent, report);
    }
  }
  for (const root of roots.keys()) await recoverBatch(deps, root, report);
  if (unfinished.length > 0) deps.logger.info(report, "recovered the unfinished intents");
  return report;
}

async function recoverBatch(deps: RecoveryDeps, root: Hex, report: RecoveryReport): Promise<void> {
  const leaves = deps.batches.leaves(root);
  if (await deps.chain.isBatchAnchored(root)) {
    // The root landed, yet the index did not count these leaves: their publisher was not active then.
    for (const leaf of leaves) {
      if (deps.chainIndex.anchor(leaf.contentHash)) deps.intents.done(leaf.contentHash);
      else fail(deps, leaf.contentHash, "publisher_not_active_at_batch", report);
    }
    return;
  }
  await anchorStoredBatch(deps, root, leaves.length);
  report.resent += leaves.length;
}

async function recoverOne(deps: RecoveryDeps, intent: Intent, report: RecoveryReport): Promise<void> {
  const { contentHash } = intent;
  const stored = deps.articles.get(contentHash);
  if (!stored) return fail(deps, contentHash, "article_text_missing", report);
  if (intent.txHash) await waitForIntentTransaction(deps, contentHash, intent.txHash);
  if (await deps.chain.isAnchored(contentHash)) {
    await deps.follower.sync();
    deps.intents.done(contentHash);
    report.confirmed++;
    return;
  }
  const publication = { contentHash, previous: stored.previous ?? NO_PREVIOUS };
  const fromKey = deps.signer.recover(publication, stored.signature) === stored.publisher;
  // Only a first version goes into a batch: a correction needs the registry's one-history check.
  if (deps.queue && fromKey && !intent.txHash && !stored.previous) {
    void deps.queue.add({ ...publication, publisher: stored.publisher, signature: stored.signature }).catch(() => undefined);
    report.requeued++;
    return;
  }
  try {
    const previousLeaf = stored.previous ? await unrecordedBatchLeaf(deps, stored.previous) : undefined;
    const onSent = (txHash: Hex) => deps.intents.sent(contentHash, txHash);
    const { blockNumber } = await deps.chain.anchor(publication, stored.publisher, stored.signature, { previousLeaf, onSent });
    await deps.follower.syncTo(blockNumber);
    deps.intents.done(contentHash);
    report.resent++;
  } catch (error) {
    if (!(error instanceof ServiceError) || error.retryable) throw error;
    const anchored = error instanceof AlreadyAnchoredError;
    if (anchored && !(await deps.chain.isAnchored(contentHash))) {
      // A node that checks anchors against its pending state (Hardhat's does) refuses the article
      // for a transaction still in its pool: nothing mined confirms it yet, and that transaction
      // may never be. Retiring the intent now could lose the article.
      deps.logger.warn({ contentHash, txHash: intent.txHash }, "an intent is anchored only by a pending transaction: left for the next start");
      report.pending++;
    } else if (anchored) {
      await deps.follower.sync();
      deps.intents.done(contentHash);
      report.confirmed++;
    } else {
      fail(deps, contentHash, error.code, report);
    }
  }
}

/**
 * Gives a transaction the node still holds the resend policy's timeout to be mined. One still in
 * its pool then (stuck under-priced, say) must not hold the start up for ever: recovery goes on
 * without it, since the registry refuses an article twice should both land.
 */
async function waitForIntentTransaction(deps: RecoveryDeps, contentHash: ContentHash, txHash: Hex): Promise<void> {
  if (!(await deps.chain.knowsTransaction(txHash))) return;
  if (await deps.chain.waitForMined(txHash)) return;
  deps.logger.warn({ contentHash, txHash }, "an intent's transaction is still not mined: recovering its publication without it");
}

function fail(deps: RecoveryDeps, contentHash: ContentHash, reason: string, report: RecoveryReport): void {
  deps.intents.failed(contentHash, reason);
  deps.logger.warn({ contentHash, reason }, "an intent cannot be anchored");
  report.failed++;
}
