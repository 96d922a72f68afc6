import { getAddress, type BaseWallet } from "ethers";
import type { Logger } from "pino";
import { ArticleRegistry__factory, type ArticleRegistry } from "../../typechain-types";
import { ChainUnavailableError } from "../errors";
import { protocolDomain, type ContentHash, type Hex, type ProtocolDomain, type Publication, type SignatureHex } from "../protocol";
import type { ChainProvider } from "./jsonRpcProvider";
import { decodeRegistryRevert, registryRevertToServiceError } from "./registryErrors";
import { DEFAULT_RESEND_POLICY, TransactionSender, type MinedTransaction, type ResendPolicy, type ResendReason } from "./transactionSender";

/** A relayer transaction as mined: whichever of its broadcasts landed. */
export type Transaction = MinedTransaction;

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
  private constructor(
    readonly registry: ArticleRegistry,
    private readonly transactions: TransactionSender,
    readonly provider: ChainProvider,
    readonly chainId: bigint,
    readonly address: Hex,
  ) {}

  /**
   * Connects to a deployed registry, failing clearly when there is no contract at the address.
   * The relayer is a wallet: its transactions are signed here, so that they can be sent again.
   */
  static async connect(args: {
    provider: ChainProvider;
    relayer: BaseWallet;
    address: string;
    /** When an unmined transaction is resent, and given up; DEFAULT_RESEND_POLICY by default. */
    transactions?: ResendPolicy;
    logger?: Logger;
    onResend?: (reason: ResendReason) => void;
  }): Promise<RegistryClient> {
    const address = getAddress(args.address) as Hex;
    const [network, code] = await Promise.all([args.provider.getNetwork(), args.provider.getCode(address)]);
    if (code === "0x") {
      throw new ChainUnavailableError({ message: `no registry contract at ${address} on chain ${network.chainId}` });
    }
    const relayer = args.relayer.connect(args.provider);
    const transactions = new TransactionSender(relayer, args.provider, network.chainId, {
      ...(args.transactions ?? DEFAULT_RESEND_POLICY),
      logger: args.logger,
      onResend: args.onResend,
    });
    const registry = ArticleRegistry__factory.connect(address, relayer);
    return new RegistryClient(registry, transactions, args.provider, network.chainId, address);
  }

  domain(): ProtocolDomain {
    return protocolDomain(this.chainId, this.address);
  }

  async blockNumber(): Promise<number> {
    return this.provider.getBlockNumber();
  }

  /**
   * Anchors a publication; the registry itself checks the publisher and the signature.
   * `onSent` learns the transaction hash as soon as the node has it, before it is mined, and the
   * hash of each replacement sent while it waits.
   */
  async anchor(publication: Publication, publisher: Hex, signature: SignatureHex, onSent?: (txHash: Hex) => void): Promise<Transaction> {
    return this.send(this.registry.interface.encodeFunctionData("anchor", [publication.contentHash, publication.previous, publisher, signature]), onSent);
  }

  /** Waits for a relayer transaction sent before to be mined, for the resend policy's timeout at most; false if it is still unmined. */
  async waitForMined(txHash: Hex): Promise<boolean> {
    return this.transactions.waitForMined(txHash);
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
    return this.send(this.registry.interface.encodeFunctionData("registerPublisher", [key, name, domain]));
  }

  async revokePublisher(publisherId: number): Promise<Transaction> {
    return this.send(this.registry.interface.encodeFunctionData("revokePublisher", [publisherId]));
  }

  /** With an empty signature the relayer acts as registrar; with one, the registry checks it. */
  async rotatePublisherKey(publisherId: number, newKey: Hex, signature: SignatureHex | "0x"): Promise<Transaction> {
    return this.send(this.registry.interface.encodeFunctionData("rotatePublisherKey", [publisherId, newKey, signature]));
  }

  /** Anchors a batch's Merkle root; the relayer needs the registry's RELAYER_ROLE. */
  async anchorBatch(root: Hex, count: number, onSent?: (txHash: Hex) => void): Promise<Transaction> {
    return this.send(this.registry.interface.encodeFunctionData("anchorBatch", [root, count]), onSent);
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
    return this.send(this.registry.interface.encodeFunctionData("retract", [contentHash, reason, signature]));
  }

  /** The identity whose current key is `key`, if the registry knows it. */
  async publisherOfKey(key: Hex): Promise<OnChainPublisher | undefined> {
    const id = Number(await this.registry.publisherIdOf(key));
    if (id === 0) return undefined;
    const publisher = await this.registry.getPublisher(id);
    return { id, key: publisher.key as Hex, revokedAt: Number(publisher.revokedAt) };
  }

  /**
   * Sends a registry call as the relayer's transaction and waits until it is mined: a dropped
   * transaction is broadcast again, a stuck one replaced with higher fees (TransactionSender). A call
   * the registry would revert is refused before it is sent, with the registry's error as a service
   * error. One still unmined at the timeout fails the request with 503; its intent stays journaled
   * as sent (with the last hash `onSent` learned), and the next start checks the chain for it before
   * anything is sent again.
   */
  private async send(data: string, onSent?: (txHash: Hex) => void): Promise<Transaction> {
    try {
      return await this.transactions.send({ to: this.address, data }, onSent);
    } catch (error) {
      if (error instanceof ChainUnavailableError) throw error;
      throw registryRevertToServiceError(decodeRegistryRevert(this.registry.interface, error), error);
    }
  }
}
