import { getAddress } from "ethers";
import { NO_PREVIOUS, type BatchLeaf, type ContentHash, type Hex, type PendingReceipt, type Provenance, type Publication, type SignatureHex } from "../../protocol";
import type { ChainFollower } from "../chain/chainFollower";
import type { RegistryClient } from "../chain/registryClient";
import { registryRevertToServiceError } from "../chain/registryErrors";
import { AlreadyAnchoredError, ChainUnavailableError, OperatorKeyError, ServiceError } from "../errors";
import type { ArticleStore, StoredArticle } from "../store/articles";
import type { BatchStore } from "../store/batches";
import type { ChainIndex } from "../store/chainIndex";
import type { GroupCommit } from "../store/groupCommit";
import type { IntentStore } from "../store/intents";
import type { PreparationPool } from "../workers/pool";
import type { PreparedPublication } from "../workers/preparePublication";
import type { BatchQueue } from "./batchQueue";
import { unrecordedBatchLeaf } from "./batchLeafRecords";
import type { ProvenanceService } from "./provenance";
import type { ReceiptService } from "./receipts";

export interface PublishRequest {
  article: unknown;
  signature: SignatureHex;
  /** CID or content hash of the version this one corrects. */
  previous?: string | undefined;
  /** The publisher's address; needed only for contract (ERC-1271) publishers, whose key cannot be recovered. */
  publisher?: Hex | undefined;
}

/** `wait: false` answers a batch-mode publication with its pending receipt instead of waiting for its batch. */
export interface PublishOptions {
  wait: boolean;
}

/** A 201 with the chain-confirmed record, or (batch mode, not waiting) a 202 with the relayer's signed promise. */
export type PublishOutcome = { kind: "anchored"; record: Provenance } | { kind: "pending"; receipt: PendingReceipt };

export interface PublishingDeps {
  chain: RegistryClient;
  /** Leaves and proofs of batched versions, for a correction the registry must record first. */
  batches: BatchStore;
  follower: ChainFollower;
  chainIndex: ChainIndex;
  articles: ArticleStore;
  provenance: ProvenanceService;
  receipts: ReceiptService;
  /** Normalizes, hashes and recovers signers off the event loop. */
  preparation: PreparationPool;
  commits: GroupCommit;
  intents: IntentStore;
  /** Present in batch mode: publications from keys go into Merkle batches. */
  queue: BatchQueue | undefined;
}

/**
 * Validates and checks a signed article, then anchors it: in its own transaction (direct mode, and
 * always for contract publishers, whose signature only the chain can check) or in the next batch.
 */
export class PublishingService {
  /** The index's sync that requests refused for their key wait for, while one runs. */
  private catchingUp: Promise<unknown> | undefined;

  constructor(private readonly deps: PublishingDeps) {}

  async publish(request: PublishRequest, options: PublishOptions = { wait: true }): Promise<PublishOutcome> {
    const [prepared] = await this.deps.preparation.prepare([request], this.preparationOptions(options));
    if (prepared instanceof Error) throw prepared;
    return this.publishPrepared(request, prepared!, options);
  }

  /**
   * Publishes many at once, each on its own: one failure costs only its own outcome. Their
   * preparation goes to the worker threads in a few messages, and their intents share commits.
   */
  async publishMany(requests: PublishRequest[], options: PublishOptions): Promise<PromiseSettledResult<PublishOutcome>[]> {
    const prepared = await this.deps.preparation.prepare(requests, this.preparationOptions(options));
    return Promise.allSettled(
      requests.map(async (request, i) => {
        const item = prepared[i]!;
        if (item instanceof Error) throw item;
        return this.publishPrepared(request, item, options);
      }),
    );
  }

  /** Pending receipts are signed with the rest when they will be answered: batch mode, not waiting. */
  private preparationOptions(options: PublishOptions) {
    return { pendingReceipts: this.deps.queue !== undefined && !options.wait };
  }

  private async publishPrepared(request: PublishRequest, prepared: PreparedPublication, options: PublishOptions): Promise<PublishOutcome> {
    const { article, cid, contentHash, previous, recovered, passages } = prepared;
    const publication = { contentHash, previous };

    const existing = await this.deps.provenance.describe(contentHash);
    if (existing.verified) throw alreadyAnchored(existing);

    const claimed = request.publisher && (getAddress(request.publisher) as Hex);
    const stored = { contentHash, cid, article, signature: request.signature, previous: previous === NO_PREVIOUS ? null : previous };
    if (claimed && claimed !== recovered) {
      // A contract publisher (ERC-1271): only the registry can check its signature.
      return this.anchorDirectly({ ...stored, publisher: claimed }, passages);
    }
    if (!recovered) {
      throw new ServiceError({ code: "invalid_signature", message: "the signature is not a valid EIP-712 Publication signature" });
    }
    const { queue } = this.deps;
    // A correction is never batched: it goes through the registry's own one-history check.
    if (!queue || previous !== NO_PREVIOUS) {
      await this.requireActivePublisher(recovered);
      return this.anchorDirectly({ ...stored, publisher: recovered }, passages);
    }

    const leaf: BatchLeaf = { ...publication, publisher: recovered, signature: request.signature };
    const waiting = queue.pending(contentHash);
    if (!waiting) {
      this.activePublisher(recovered);
      await this.deps.commits.run(() => this.recordIntent({ ...stored, publisher: recovered }, passages));
    } else if (!sameLeaf(waiting, leaf)) {
      // The signer is checked first, as direct mode checks it before the chain refuses the text.
      this.activePublisher(recovered);
    }
    const landed = queue.add(leaf);
    // Only the same leaf (a retry) shares the queue's: another one for this text, waiting already
    // or queued while this request was recording its intent, would never be anchored.
    const queued = queue.pending(contentHash)!;
    if (!sameLeaf(queued, leaf)) throw alreadyPending(await this.deps.receipts.pending(queued));
    if (!options.wait) return { kind: "pending", receipt: prepared.receipt ?? (await this.deps.receipts.pending(leaf)) };
    const { blockNumber } = await landed;
    await this.deps.follower.syncTo(blockNumber);
    const record = await this.deps.provenance.describe(contentHash);
    if (!record.verified) {
      throw new ChainUnavailableError({ message: "the batch was anchored but the index does not confirm this article" });
    }
    return { kind: "anchored", record };
  }

  /**
   * The article text and its intent, together: nothing reaches the chain before both are on disk.
   * True when this call stored the text (none was stored for the hash before).
   */
  private recordIntent(stored: StoredArticle, passages: PreparedPublication["passages"]): boolean {
    return this.deps.intents.transaction(() => {
      const saved = this.deps.articles.save(stored, passages);
      this.deps.intents.accept(stored.contentHash);
      return saved;
    });
  }

  /** Undoes recordIntent for a publication that never left this service: the intent goes, and the text if this request stored it. */
  private forgetIntent(contentHash: ContentHash, textStored: boolean): void {
    this.deps.intents.transaction(() => {
      this.deps.intents.done(contentHash);
      if (textStored) this.deps.articles.discard(contentHash);
    });
  }

  /**
   * Anchors a publication in its own transaction. The registry's checks run first in a call
   * (the publisher active, the signature, and for a correction the version it corrects: anchored,
   * of the same identity, neither superseded nor retracted), so that a publication the registry
   * would refuse leaves nothing stored and spends no gas. A correction of a batched version the
   * registry has not recorded proves that version by its leaf in the same call.
   */
  private async anchorDirectly(stored: StoredArticle, passages: PreparedPublication["passages"]): Promise<PublishOutcome> {
    const { chain, follower, provenance, intents } = this.deps;
    const { contentHash, publisher, signature } = stored;
    const publication = { contentHash, previous: stored.previous ?? NO_PREVIOUS };
    const previousLeaf = stored.previous ? await unrecordedBatchLeaf(this.deps, stored.previous) : undefined;
    await chain.checkAnchor(publication, publisher, signature, previousLeaf);
    const textStored = this.recordIntent(stored, passages);
    try {
      const { blockNumber } = await chain.anchor(publication, publisher, signature, { previousLeaf, onSent: (txHash) => intents.sent(contentHash, txHash) });
      await follower.syncTo(blockNumber);
      intents.done(contentHash);
    } catch (error) {
      // Another request anchored the same text first: answer as if we had seen it already. Its
      // transaction may still be pending (the node checks against its pending state): the intent
      // stays until the index confirms the anchor, or recovery does on the next start.
      if (error instanceof AlreadyAnchoredError) {
        await follower.sync();
        if (this.deps.chainIndex.anchor(contentHash)) intents.done(contentHash);
        throw alreadyAnchored(await provenance.describe(contentHash));
      }
      // A key that cannot pay or lacks a role fails before anything is broadcast: the client was
      // refused and retries once the operator fixes the key, so nothing of the request is kept.
      if (error instanceof OperatorKeyError) this.forgetIntent(contentHash, textStored);
      // The registry refused it for good; what may succeed later (the chain unreachable) is retried on restart.
      else if (error instanceof ServiceError && !error.retryable) intents.failed(contentHash, error.code);
      throw error;
    }
    return { kind: "anchored", record: await provenance.describe(contentHash) };
  }

  /**
   * Refuses a key that is no active publisher's before the registry is asked: on the embedded chain a
   * reverted call costs the event loop milliseconds (Hardhat builds its stack trace), and a bulk
   * request of 1,000 items from an unregistered key stalled /healthz for 2.3 s. A key the index does
   * not know may have been registered on chain a moment ago: the index catches up with the chain
   * once first, one sync shared by every request that waits for it.
   */
  private async requireActivePublisher(key: Hex): Promise<void> {
    if (this.deps.chainIndex.activePublisherId(key) !== undefined) return;
    this.catchingUp ??= this.deps.follower.sync().finally(() => (this.catchingUp = undefined));
    await this.catchingUp;
    this.activePublisher(key);
  }

  /** Batch mode checks the chain index, which follows the chain, to stay off the hot path's network. */
  private activePublisher(key: Hex): void {
    if (this.deps.chainIndex.activePublisherId(key) === undefined) throw notActive(key);
  }
}

function notActive(key: Hex): ServiceError {
  return new ServiceError({
    code: "publisher_not_active",
    message: `the signer ${key} is not the key of an active publisher`,
    details: { signer: key },
  });
}

const sameLeaf = (a: BatchLeaf, b: BatchLeaf) => a.publisher === b.publisher && a.signature === b.signature && a.previous === b.previous;

/** Direct mode's answer to the same case is article_already_anchored: the node refuses the second anchor. */
function alreadyPending(receipt: PendingReceipt): ServiceError {
  return new ServiceError({
    code: "article_pending",
    message: "this article is already waiting to be anchored, in another signed publication",
    details: { receipt },
  });
}

function alreadyAnchored(existing: Provenance): AlreadyAnchoredError {
  return new AlreadyAnchoredError({
    message: "this article is already anchored",
    details: { record: existing },
  });
}
