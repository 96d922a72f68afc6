import { getAddress } from "ethers";
import type { RegistryClient, Transaction } from "../chain/registryClient";
import type { RegistryIndexer } from "../chain/indexer";
import { NotFoundError } from "../errors";
import type { Hex, SignatureHex } from "../protocol";
import type { ChainIndex, PublisherRow } from "../store/chainIndex";
import { publisherView, type PublisherView } from "./provenance";

export interface RegisterPublisherRequest {
  address: Hex;
  name: string;
  domain: string;
}

/** A key rotation: by a registrar (no signature) or signed by the identity's current key. */
export interface RotateKeyRequest {
  newKey: Hex;
  signature?: SignatureHex | undefined;
}

export interface RecentArticle {
  cid: string;
  anchoredAt: string;
  blockNumber: number;
}

/** Registers, revokes and rotates publishers on chain (registrars), and reads them from the chain index. */
export class PublisherService {
  constructor(private readonly deps: { chain: RegistryClient; indexer: RegistryIndexer; index: ChainIndex }) {}

  async register(request: RegisterPublisherRequest): Promise<PublisherView & { txHash: Hex }> {
    const address = getAddress(request.address) as Hex;
    return this.confirmed(await this.deps.chain.registerPublisher(address, request.name, request.domain), address);
  }

  async revoke(address: Hex): Promise<PublisherView & { txHash: Hex }> {
    const publisher = this.row(address);
    return this.confirmed(await this.deps.chain.revokePublisher(publisher.id), address);
  }

  async rotate(address: Hex, request: RotateKeyRequest): Promise<PublisherView & { txHash: Hex }> {
    const publisher = this.row(address);
    const newKey = getAddress(request.newKey) as Hex;
    return this.confirmed(await this.deps.chain.rotatePublisherKey(publisher.id, newKey, request.signature ?? "0x"), newKey);
  }

  get(address: Hex): PublisherView {
    return publisherView(this.row(address));
  }

  list(): PublisherView[] {
    return this.deps.index.publishers().map(publisherView);
  }

  recentArticles(address: Hex, limit: number): RecentArticle[] {
    return this.deps.index.recentAnchors(this.row(address).id, limit).map((anchor) => ({
      cid: anchor.cid,
      anchoredAt: new Date(anchor.anchoredAt * 1000).toISOString(),
      blockNumber: anchor.blockNumber,
    }));
  }

  private row(address: Hex): PublisherRow {
    const row = this.deps.index.publisherByKey(getAddress(address) as Hex);
    if (!row) throw new NotFoundError({ message: `no publisher has, or had, the key ${address}` });
    return row;
  }

  private async confirmed({ txHash, blockNumber }: Transaction, address: Hex): Promise<PublisherView & { txHash: Hex }> {
    await this.deps.indexer.syncTo(blockNumber);
    return { ...this.get(address), txHash };
  }
}
