import type { RegistryIndexer } from "../chain/indexer";
import type { RegistryClient } from "../chain/registryClient";
import { ConflictError, NotFoundError } from "../errors";
import type { SignatureHex } from "../protocol";
import type { ChainIndex } from "../store/chainIndex";
import { parseArticleIdentifier, type Provenance, type ProvenanceService } from "./provenance";

export interface RetractRequest {
  reason: string;
  /** The publisher's current key's signature of Retraction(contentHash, reason). */
  signature: SignatureHex;
}

/** Relays a publisher's signed retraction to the registry, which checks the signature itself. */
export class RetractionService {
  constructor(
    private readonly deps: { chain: RegistryClient; indexer: RegistryIndexer; index: ChainIndex; provenance: ProvenanceService },
  ) {}

  async retract(identifier: string, request: RetractRequest): Promise<Provenance> {
    const { chain, indexer, index, provenance } = this.deps;
    const contentHash = await parseArticleIdentifier(identifier);
    if (!index.anchor(contentHash)) {
      throw new NotFoundError({ code: "article_not_anchored", message: "this article was never anchored" });
    }
    if (index.retraction(contentHash)) {
      throw new ConflictError({
        code: "article_already_retracted",
        message: "this article was already retracted",
        details: { record: await provenance.describe(contentHash) },
      });
    }
    const { blockNumber } = await chain.retract(contentHash, request.reason, request.signature);
    await indexer.syncTo(blockNumber);
    return provenance.describe(contentHash);
  }
}
