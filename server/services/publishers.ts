import { getAddress } from "ethers";
import type { RegistryClient } from "../chain/registryClient";
import type { RegistryIndexer } from "../chain/indexer";
import { NotFoundError } from "../errors";
import type { Hex } from "../protocol";
import type { ChainIndex } from "../store/chainIndex";
import { publisherView, type PublisherView } from "./provenance";

export interface RegisterPublisherRequest {
  address: Hex;
  name: string;
  domain: string;
}

/** Registers publishers on chain (for registrars) and reads them from the chain index. */
export class PublisherService {
  constructor(private readonly deps: { chain: RegistryClient; indexer: RegistryIndexer; index: ChainIndex }) {}

  async register(request: RegisterPublisherRequest): Promise<PublisherView & { txHash: Hex }> {
    const address = getAddress(request.address) as Hex;
    const { txHash, blockNumber } = await this.deps.chain.registerPublisher(address, request.name, request.domain);
    await this.deps.indexer.syncTo(blockNumber);
    return { ...this.get(address), txHash };
  }

  get(address: Hex): PublisherView {
    const row = this.deps.index.publisherByKey(getAddress(address) as Hex);
    if (!row) throw new NotFoundError({ message: `no publisher has the key ${address}` });
    return publisherView(row);
  }
}
