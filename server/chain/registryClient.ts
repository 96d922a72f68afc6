import type { BaseWallet } from "ethers";
import type { Logger } from "pino";
import type { BatchLeafProof, ContentHash, Hex, Publication, SignatureHex } from "../../protocol";
import { ChainUnavailableError, ServiceError } from "../errors";
import type { ChainProvider } from "./chainProvider";
import { decodeRegistryRevert, registryRevertToServiceError } from "./registryErrors";
import { locate, RegistryReader } from "./registryReader";
import { DEFAULT_RESEND_POLICY, TransactionSender, type MinedTransaction, type ResendPolicy, type ResendReason } from "./transactionSender";

/**
 * The service's one way to the registry contract: it reads the registry's state and events
 * (RegistryReader) and sends the relayer's and the registrar's transactions. No other module
 * touches ethers contracts or the provider.
 */
export class RegistryClient extends RegistryReader {
  private constructor(
    provider: ChainProvider,
    chainId: bigint,
    address: Hex,
    private readonly relayerTransactions: TransactionSender,
    /** The registrar's own sender, or the relayer's when one key holds both roles. */
    private readonly registrarTransactions: TransactionSender,
  ) {
    super(provider, chainId, address);
  }

  /**
   * Connects to a deployed registry, failing clearly when there is no contract at the address.
   * The relayer and the registrar are wallets: their transactions are signed here, so that they can
   * be sent again. Without a registrar, the relayer sends the registrar's transactions too.
   */
  static async connect(args: {
    provider: ChainProvider;
    relayer: BaseWallet;
    registrar?: BaseWallet | undefined;
    address: string;
    /** When an unmined transaction is resent, and given up; DEFAULT_RESEND_POLICY by default. */
    transactions?: ResendPolicy;
    logger?: Logger;
    onResend?: (reason: ResendReason) => void;
  }): Promise<RegistryClient> {
    const { chainId, registry } = await locate(args.provider, args.address);
    const sender = (wallet: BaseWallet) =>
      new TransactionSender(wallet.connect(args.provider), args.provider, chainId, {
        ...(args.transactions ?? DEFAULT_RESEND_POLICY),
        logger: args.logger,
        onResend: args.onResend,
      });
    const relayer = sender(args.relayer);
    // One key, one nonce counter: two senders for the same key would race for its nonces.
    const registrar = args.registrar && args.registrar.address !== args.relayer.address ? sender(args.registrar) : relayer;
    return new RegistryClient(args.provider, chainId, registry, relayer, registrar);
  }

  /**
   * Anchors a publication; the registry itself checks the publisher and the signature. A correction
   * of a batched version the registry has not recorded proves that version by its leaf
   * (`previousLeaf`). `onSent` learns the transaction hash as soon as the node has it,
   * before it is mined, and the hash of each replacement sent while it waits.
   */
  async anchor(
    publication: Publication,
    publisher: Hex,
    signature: SignatureHex,
    options: { previousLeaf?: BatchLeafProof | undefined; onSent?: (txHash: Hex) => void } = {},
  ): Promise<MinedTransaction> {
    return this.send(this.relayerTransactions, this.anchorCall(publication, publisher, signature, options.previousLeaf), options.onSent);
  }

  /** Waits for a relayer transaction sent before to be mined, for the resend policy's timeout at most; false if it is still unmined. */
  async waitForMined(txHash: Hex): Promise<boolean> {
    return this.relayerTransactions.waitForMined(txHash);
  }

  /**
   * Runs the registry's own anchor checks in a call (no transaction, no gas, nothing stored):
   * the publisher active, the signature, and for a correction the version it corrects anchored,
   * of the same identity, neither superseded nor retracted. Throws what anchoring would.
   */
  async checkAnchor(publication: Publication, publisher: Hex, signature: SignatureHex, previousLeaf?: BatchLeafProof): Promise<void> {
    try {
      await this.provider.call({ to: this.address, data: this.anchorCall(publication, publisher, signature, previousLeaf) });
    } catch (error) {
      const revert = decodeRegistryRevert(this.registry.interface, error);
      if (!revert) throw new ChainUnavailableError({ message: "could not check the publication against the registry: the chain did not answer", cause: error });
      throw registryRevertToServiceError(revert, error);
    }
  }

  /**
   * A correction of a batched version nobody recorded proves the version by its leaf in the same
   * call (anchorBatchLeafCorrection): the registry's checks are recordBatchLeaf's and anchor's, for
   * about 25,000 gas less than recording the leaf first, since the leaf's record is not written.
   */
  private anchorCall(publication: Publication, publisher: Hex, signature: SignatureHex, previousLeaf: BatchLeafProof | undefined): string {
    const { contentHash, previous } = publication;
    if (!previousLeaf) return this.registry.interface.encodeFunctionData("anchor", [contentHash, previous, publisher, signature]);
    const { root, proof, leaf } = previousLeaf;
    const proven = { root, proof, contentHash: leaf.contentHash, publisher: leaf.publisher, signature: leaf.signature };
    return this.registry.interface.encodeFunctionData("anchorBatchLeafCorrection", [contentHash, publisher, signature, proven]);
  }

  /** One transaction that records a batched version (recordBatchLeaf), then does `then` with it: the registry's multicall. */
  private recordingFirst({ root, proof, leaf }: BatchLeafProof, then: string): string {
    const record = this.registry.interface.encodeFunctionData("recordBatchLeaf", [root, proof, leaf.contentHash, leaf.publisher, leaf.signature]);
    return this.registry.interface.encodeFunctionData("multicall", [[record, then]]);
  }

  /** Sent by the registrar, which needs the registry's REGISTRAR_ROLE. */
  async registerPublisher(key: Hex, name: string, domain: string): Promise<MinedTransaction> {
    return this.send(this.registrarTransactions, this.registry.interface.encodeFunctionData("registerPublisher", [key, name, domain]));
  }

  /** Sent by the registrar. */
  async revokePublisher(publisherId: number): Promise<MinedTransaction> {
    return this.send(this.registrarTransactions, this.registry.interface.encodeFunctionData("revokePublisher", [publisherId]));
  }

  /**
   * With an empty signature the registrar rotates the key itself; with one, the relayer relays it
   * and the registry checks the signature whoever sends it.
   */
  async rotatePublisherKey(publisherId: number, newKey: Hex, signature: SignatureHex | "0x"): Promise<MinedTransaction> {
    const sender = signature === "0x" ? this.registrarTransactions : this.relayerTransactions;
    return this.send(sender, this.registry.interface.encodeFunctionData("rotatePublisherKey", [publisherId, newKey, signature]));
  }

  /** Anchors a batch's Merkle root; the relayer needs the registry's RELAYER_ROLE. */
  async anchorBatch(root: Hex, count: number, onSent?: (txHash: Hex) => void): Promise<MinedTransaction> {
    return this.send(this.relayerTransactions, this.registry.interface.encodeFunctionData("anchorBatch", [root, count]), onSent);
  }

  /** Retracts a version; a batched version the registry has not recorded yet is recorded first, in the same transaction. */
  async retract(contentHash: ContentHash, reason: string, signature: SignatureHex, recordFirst?: BatchLeafProof): Promise<MinedTransaction> {
    const retract = this.registry.interface.encodeFunctionData("retract", [contentHash, reason, signature]);
    return this.send(this.relayerTransactions, recordFirst ? this.recordingFirst(recordFirst, retract) : retract);
  }

  /**
   * Sends a registry call as the relayer's transaction and waits until it is mined: a dropped
   * transaction is broadcast again, a stuck one replaced with higher fees (TransactionSender). A call
   * the registry would revert is refused before it is sent, with the registry's error as a service
   * error. One still unmined at the timeout fails the request with 503; its intent stays recorded
   * as sent (with the last hash `onSent` learned), and the next start checks the chain for it before
   * anything is sent again.
   */
  private async send(sender: TransactionSender, data: string, onSent?: (txHash: Hex) => void): Promise<MinedTransaction> {
    try {
      return await sender.send({ to: this.address, data }, onSent);
    } catch (error) {
      if (error instanceof ServiceError) throw error;
      throw registryRevertToServiceError(decodeRegistryRevert(this.registry.interface, error), error);
    }
  }
}
