import { Mutex } from "async-mutex";
import { getAddress, type Provider, type Signer } from "ethers";
import { ArticleRegistry__factory, type ArticleRegistry } from "../../typechain-types";
import { ChainUnavailableError } from "../errors";
import { protocolDomain, type ContentHash, type Hex, type ProtocolDomain, type Publication, type SignatureHex } from "../protocol";
import { decodeRegistryRevert, registryRevertToServiceError } from "./registryErrors";

export interface Transaction {
  txHash: Hex;
  blockNumber: number;
}

/** A publisher identity as the registry holds it now. */
export interface OnChainPublisher {
  id: number;
  key: Hex;
  revokedAt: number;
}

/**
 * The service's one way to the registry contract: it sends the relayer's transactions and reads
 * the registry's state. Routes and services never touch ethers contracts directly.
 */
export class RegistryClient {
  // One relayer key, many concurrent requests: transactions are sent one at a time, each with the
  // next nonce we count ourselves. Asking the node for every nonce races with its caches and
  // pending pool; after any failed send we ask it again, since we cannot know what it kept.
  private readonly sendLock = new Mutex();
  private nextNonce: number | undefined;

  private constructor(
    readonly registry: ArticleRegistry,
    private readonly relayer: Signer,
    readonly provider: Provider,
    readonly chainId: bigint,
    readonly address: Hex,
  ) {}

  /** Connects to a deployed registry, failing clearly when there is no contract at the address. */
  static async connect(args: { provider: Provider; relayer: Signer; address: string }): Promise<RegistryClient> {
    const address = getAddress(args.address) as Hex;
    const [network, code] = await Promise.all([args.provider.getNetwork(), args.provider.getCode(address)]);
    if (code === "0x") {
      throw new ChainUnavailableError({ message: `no registry contract at ${address} on chain ${network.chainId}` });
    }
    const registry = ArticleRegistry__factory.connect(address, args.relayer);
    return new RegistryClient(registry, args.relayer, args.provider, network.chainId, address);
  }

  domain(): ProtocolDomain {
    return protocolDomain(this.chainId, this.address);
  }

  async blockNumber(): Promise<number> {
    return this.provider.getBlockNumber();
  }

  /** What the relayer has left to pay for transactions, in wei. */
  async relayerBalance(): Promise<bigint> {
    return this.provider.getBalance(await this.relayer.getAddress());
  }

  /** Anchors a publication; the registry itself checks the publisher and the signature. */
  async anchor(publication: Publication, publisher: Hex, signature: SignatureHex): Promise<Transaction> {
    return this.send((overrides) => this.registry.anchor(publication.contentHash, publication.previous, publisher, signature, overrides));
  }

  async registerPublisher(key: Hex, name: string, domain: string): Promise<Transaction> {
    return this.send((overrides) => this.registry.registerPublisher(key, name, domain, overrides));
  }

  async revokePublisher(publisherId: number): Promise<Transaction> {
    return this.send((overrides) => this.registry.revokePublisher(publisherId, overrides));
  }

  /** With an empty signature the relayer acts as registrar; with one, the registry checks it. */
  async rotatePublisherKey(publisherId: number, newKey: Hex, signature: SignatureHex | "0x"): Promise<Transaction> {
    return this.send((overrides) => this.registry.rotatePublisherKey(publisherId, newKey, signature, overrides));
  }

  /** Anchors a batch's Merkle root; the relayer needs the registry's RELAYER_ROLE. */
  async anchorBatch(root: Hex, count: number): Promise<Transaction> {
    return this.send((overrides) => this.registry.anchorBatch(root, count, overrides));
  }

  async retract(contentHash: ContentHash, reason: string, signature: SignatureHex): Promise<Transaction> {
    return this.send((overrides) => this.registry.retract(contentHash, reason, signature, overrides));
  }

  /** The identity whose current key is `key`, if the registry knows it. */
  async publisherOfKey(key: Hex): Promise<OnChainPublisher | undefined> {
    const id = Number(await this.registry.publisherIdOf(key));
    if (id === 0) return undefined;
    const publisher = await this.registry.getPublisher(id);
    return { id, key: publisher.key as Hex, revokedAt: Number(publisher.revokedAt) };
  }

  private async send(
    submit: (overrides: { nonce: number }) => Promise<{ hash: string; wait(): Promise<unknown> }>,
  ): Promise<Transaction> {
    try {
      const tx = await this.sendLock.runExclusive(async () => {
        this.nextNonce ??= await this.relayer.getNonce("pending");
        try {
          const sent = await submit({ nonce: this.nextNonce });
          this.nextNonce++;
          return sent;
        } catch (error) {
          this.nextNonce = undefined;
          throw error;
        }
      });
      const receipt = (await tx.wait()) as { blockNumber: number } | null;
      if (!receipt) throw new ChainUnavailableError({ message: `transaction ${tx.hash} was dropped` });
      return { txHash: tx.hash as Hex, blockNumber: receipt.blockNumber };
    } catch (error) {
      if (error instanceof ChainUnavailableError) throw error;
      throw registryRevertToServiceError(decodeRegistryRevert(this.registry.interface, error), error);
    }
  }
}
