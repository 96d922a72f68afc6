import { getAddress } from "ethers";
import type { RegistryClient } from "../chain/registryClient";
import type { MinedTransaction } from "../chain/transactionSender";
import type { ChainFollower } from "../chain/chainFollower";
import { NotFoundError } from "../errors";
import type { Hex, PublisherTransaction, PublisherView, RecentArticle, SignatureHex } from "../../protocol";
import type { ChainIndex, PublisherRow } from "../store/chainIndex";
import { publisherView } from "./provenance";

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

/** Registers, revokes and rotates publishers on chain (registrars), and reads them from the chain index. */
export class PublisherService {
  constructor(private readonly deps: { chain: RegistryClient; follower: ChainFollower; chainIndex: ChainIndex }) {}

  async register(request: RegisterPublisherRequest): Promise<PublisherTransaction> {
    const address = getAddress(request.address) as Hex;
    return this.confirmed(await this.deps.chain.registerPublisher(address, request.name, request.domain), address);
  }

  async revoke(address: Hex): Promise<PublisherTransaction> {
    const publisher = this.row(address);
    return this.confirmed(await this.deps.chain.revokePublisher(publisher.id), address);
  }

  async rotate(address: Hex, request: RotateKeyRequest): Promise<PublisherTransaction> {
    const publisher = this.row(address);
    const newKey = getAddress(request.newKey) as Hex;
    return this.confirmed(await this.deps.chain.rotatePublisherKey(publisher.id, newKey, request.signature ?? "0x"), newKey);
  }

  get(address: Hex): PublisherView {
    return publisherView(this.row(address));
  }

  list(): PublisherView[] {
    return this.deps.chainIndex.publishers().map(publisherView);
  }

  recentArticles(address: Hex, limit: number): RecentArticle[] {
    return this.deps.chainIndex.recentAnchors(this.row(address).id, limit).map((anchor) => ({
      cid: anchor.cid,
      anchoredAt: new Date(anchor.anchoredAt * 1000).toISOString(),
      blockNumber: anchor.blockNumber,
    }));
  }

  private row(address: Hex): PublisherRow {
    const row = this.deps.chainIndex.publisherByKey(getAddress(address) as Hex);
    if (!row) throw new NotFoundError({ message: `no publisher has, or had, the key ${address}` });
    return row;
  }

  private async confirmed({ txHash, blockNumber }: MinedTransaction, address: Hex): Promise<PublisherTransaction> {
    await this.deps.follower.syncTo(blockNumber);
    return { ...this.get(address), txHash };
  }
}
