import type { ChainFollower } from "../chain/chainFollower";
import type { RegistryClient } from "../chain/registryClient";
import { NotFoundError, ServiceError } from "../errors";
import type { ChainIndex } from "../store/chainIndex";
import type { Provenance, SignatureHex } from "../../protocol";
import type { BatchStore } from "../store/batches";
import { contentHashOf } from "./articleIdentifier";
import { unrecordedBatchLeaf } from "./batchLeafRecords";
import type { ProvenanceService } from "./provenance";

export interface RetractRequest {
  reason: string;
  /** The publisher's current key's signature of Retraction(contentHash, reason). */
  signature: SignatureHex;
}

/** Relays a publisher's signed retraction to the registry, which checks the signature itself, of a directly anchored or a batched version alike. */
export class RetractionService {
  constructor(
    private readonly deps: { chain: RegistryClient; follower: ChainFollower; chainIndex: ChainIndex; batches: BatchStore; provenance: ProvenanceService },
  ) {}

  async retract(identifier: string, request: RetractRequest): Promise<Provenance> {
    const { chain, follower, chainIndex, provenance } = this.deps;
    const contentHash = await contentHashOf(identifier);
    if (!chainIndex.anchor(contentHash)) {
      throw new NotFoundError({ code: "article_not_anchored", message: "this article was never anchored" });
    }
    if (chainIndex.retraction(contentHash)) {
      throw new ServiceError({
        code: "article_already_retracted",
        message: "this article was already retracted",
        details: { record: await provenance.describe(contentHash) },
      });
    }
    // A batched version is recorded first, in the same transaction: the registry retracts records.
    const recordFirst = await unrecordedBatchLeaf(this.deps, contentHash);
    const { blockNumber } = await chain.retract(contentHash, request.reason, request.signature, recordFirst);
    await follower.syncTo(blockNumber);
    return provenance.describe(contentHash);
  }
}
