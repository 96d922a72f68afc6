import { getAddress } from "ethers";
import type { RegistryClient } from "../chain/registryClient";
import type { RegistryIndexer } from "../chain/indexer";
import { ConflictError, ForbiddenError, ServiceError } from "../errors";
import {
  NO_PREVIOUS,
  recoverPublicationSigner,
  type ContentHash,
  type Hex,
  type SignatureHex,
} from "../protocol";
import type { ArticleStore } from "../store/articles";
import { readArticle } from "./articleInput";
import { parseArticleIdentifier, type Provenance, type ProvenanceService } from "./provenance";

export interface PublishRequest {
  article: unknown;
  signature: SignatureHex;
  /** CID or content hash of the version this one corrects. */
  previous?: string | undefined;
  /** The publisher's address; needed only for contract (ERC-1271) publishers, whose key cannot be recovered. */
  publisher?: Hex | undefined;
}

export interface PublishingDeps {
  chain: RegistryClient;
  indexer: RegistryIndexer;
  articles: ArticleStore;
  provenance: ProvenanceService;
}

/** Validates, checks and anchors a signed article, then answers with its chain-confirmed provenance. */
export class PublishingService {
  constructor(private readonly deps: PublishingDeps) {}

  async publish(request: PublishRequest): Promise<Provenance> {
    const { chain, indexer, articles, provenance } = this.deps;
    const { article, cid, contentHash } = await readArticle(request.article);
    const previous = request.previous ? await parseArticleIdentifier(request.previous) : NO_PREVIOUS;
    const publication = { contentHash, previous };

    const existing = await provenance.describe(contentHash);
    if (existing.verified) throw alreadyAnchored(existing);

    const publisher = await this.checkPublisher(publication, request);
    articles.save({ contentHash, cid, article, signature: request.signature, publisher, previous: previous === NO_PREVIOUS ? null : previous });
    try {
      const { blockNumber } = await chain.anchor(publication, publisher, request.signature);
      await indexer.syncTo(blockNumber);
    } catch (error) {
      // Another request anchored the same text first: answer as if we had seen it already.
      if (error instanceof ServiceError && error.code === "article_already_anchored") {
        await indexer.sync();
        throw alreadyAnchored(await provenance.describe(contentHash));
      }
      throw error;
    }
    return provenance.describe(contentHash);
  }

  /**
   * Checks what can be checked before spending gas: the signature recovers to an active
   * publisher's current key. A contract publisher cannot be recovered; the registry checks it.
   */
  private async checkPublisher(publication: { contentHash: ContentHash; previous: ContentHash }, request: PublishRequest): Promise<Hex> {
    const recovered = recoverPublicationSigner(this.deps.chain.domain(), publication, request.signature);
    const claimed = request.publisher && (getAddress(request.publisher) as Hex);
    if (claimed && claimed !== recovered) return claimed;
    if (!recovered) {
      throw new ForbiddenError({ code: "invalid_signature", message: "the signature is not a valid EIP-712 Publication signature" });
    }
    const onChain = await this.deps.chain.publisherOfKey(recovered);
    if (!onChain || onChain.key !== recovered || onChain.revokedAt !== 0) {
      throw new ForbiddenError({
        code: "publisher_not_active",
        message: `the signer ${recovered} is not the key of an active publisher`,
        details: { signer: recovered },
      });
    }
    return recovered;
  }
}

function alreadyAnchored(existing: Provenance): ConflictError {
  return new ConflictError({
    code: "article_already_anchored",
    message: "this article is already anchored",
    details: { record: existing },
  });
}
