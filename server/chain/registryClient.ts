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

/** How long a sent transaction may take to be mined before the request gives up on it. */
const TX_TIMEOUT_MS = 120_000;

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

  /**
   * Anchors a publication; the registry itself checks the publisher and the signature.
   * `onSent` learns the transaction hash as soon as the node has it, before it is mined.
   */
  async anchor(publication: Publication, publisher: Hex, signature: SignatureHex, onSent?: (txHash: Hex) => void): Promise<Transaction> {
    return this.send((overrides) => this.registry.anchor(publication.contentHash, publication.previous, publisher, signature, overrides), onSent);
  }

  /** Runs the registry's own anchor checks in a call (no transaction, no gas); throws what anchoring would. */
  async checkAnchor(publication: Publication, publisher: Hex, signature: SignatureHex): Promise<void> {
    try {
      await this.registry.anchor.staticCall(publication.contentHash, publication.previous, publisher, signature);
    } catch (error) {
      throw registryRevertToServiceError(decodeRegistryRevert(this.registry.interface, error), error);
    }
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
  async anchorBatch(root: Hex, count: number, onSent?: (txHash: Hex) => void): Promise<Transaction> {
    return this.send((overrides) => this.registry.anchorBatch(root, count, overrides), onSent);
  }

  /** Whether the registry records this content hash as anchored directly. */
  async isAnchored(contentHash: ContentHash): Promise<boolean> {
    return (await this.registry.getRecord(contentHash)).blockNumber !== 0n;
  }

  /** Whether the registry holds this batch root. */
  async isBatchAnchored(root: Hex): Promise<boolean> {
    return (await this.registry.getBatch(root)).blockNumber !== 0n;
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

  /**
   * Waits for a sent transaction, at most TX_TIMEOUT_MS. A transaction still unmined then (dropped
   * or stuck) fails the request with 503; its intent stays journaled as sent, and the next start
   * checks the chain for it before anything is sent again. The next send asks the node for the
   * nonce again.
   */
  private async mined(tx: { hash: string; wait(confirms?: number, timeout?: number): Promise<unknown> }): Promise<{ blockNumber: number }> {
    try {
      const receipt = (await tx.wait(1, TX_TIMEOUT_MS)) as { blockNumber: number } | null;
      if (receipt) return receipt;
    } catch (error) {
      if ((error as { code?: string }).code !== "TIMEOUT") throw error;
    }
    await this.sendLock.runExclusive(() => (this.nextNonce = undefined));
    throw new ChainUnavailableError({ message: `transaction ${tx.hash} was not mined within ${TX_TIMEOUT_MS / 1000} s` });
  }

  private async send(
    submit: (overrides: { nonce: number }) => Promise<{ hash: string; wait(confirms?: number, timeout?: number): Promise<unknown> }>,
    onSent?: (txHash: Hex) => void,
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
      onSent?.(tx.hash as Hex);
      const receipt = await this.mined(tx);
      return { txHash: tx.hash as Hex, blockNumber: receipt.blockNumber };
    } catch (error) {
      if (error instanceof ChainUnavailableError) throw error;
      throw registryRevertToServiceError(decodeRegistryRevert(this.registry.interface, error), error);
    }
  }
}
