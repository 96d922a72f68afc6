import { getAddress, ZeroAddress, type Provider } from "ethers";
import { protocolDomain, registryEventsIn, type ContentHash, type Hex, type ProtocolDomain, type RegistryLogEvent, type SignatureHex } from "../../protocol";
import { ArticleRegistry__factory, type ArticleRegistry } from "../../typechain-types";
import { ChainUnavailableError } from "../errors";
import { currentFees } from "./transactionFees";

/** A block as the follower needs it: where it is, and when. */
export interface BlockHeader {
  number: number;
  hash: Hex;
  timestamp: number;
}

/** The registry's functions that anchor a version directly; the content hash is each one's first argument. */
const ANCHORING_CALLS: ReadonlySet<string> = new Set(["anchor", "anchorBatchLeafCorrection"]);

/** One of the registry's events, decoded, with where the chain holds it. */
export type RegistryEvent = RegistryLogEvent;

/** A publisher identity as the registry holds it now. */
export interface OnChainPublisher {
  id: number;
  key: Hex;
  revokedAt: number;
}

/**
 * The read side of the one way to the registry: its state, its events and the chain's blocks,
 * through a provider that no other module of the service touches. A node that fails to answer is
 * a ChainUnavailableError (503), never an unexplained 500. It holds no key: operators' tools and
 * read replicas use it alone.
 */
export class RegistryReader {
  protected readonly registry: ArticleRegistry;

  protected constructor(
    protected readonly provider: Provider,
    readonly chainId: bigint,
    readonly address: Hex,
  ) {
    this.registry = ArticleRegistry__factory.connect(address, provider);
  }

  /** Connects to a deployed registry, failing clearly when there is no contract at the address. */
  static async open(provider: Provider, address: string): Promise<RegistryReader> {
    const { chainId, registry } = await locate(provider, address);
    return new RegistryReader(provider, chainId, registry);
  }

  /** The EIP-712 domain publications for this registry are signed under. */
  domain(): ProtocolDomain {
    return protocolDomain(this.chainId, this.address);
  }

  async blockNumber(): Promise<number> {
    return this.read("read the chain's head", () => this.provider.getBlockNumber());
  }

  async block(blockNumber: number): Promise<BlockHeader | undefined> {
    const block = await this.read(`read block ${blockNumber}`, () => this.provider.getBlock(blockNumber));
    return block?.hash ? { number: block.number, hash: block.hash as Hex, timestamp: block.timestamp } : undefined;
  }

  /** Whether the registry's contract is still at its address (a reset development chain loses it). */
  async isDeployed(): Promise<boolean> {
    return (await this.read("read the registry's code", () => this.provider.getCode(this.address))) !== "0x";
  }

  /** The registry's events in a range of blocks, decoded, in chain order; logs it does not declare are left out. */
  async events(fromBlock: number, toBlock: number): Promise<RegistryEvent[]> {
    return this.read(`read the registry's events of blocks ${fromBlock} to ${toBlock}`, () =>
      registryEventsIn(this.provider, this.address, fromBlock, toBlock),
    );
  }

  /** Whether the registry records this content hash as anchored directly. */
  async isAnchored(contentHash: ContentHash): Promise<boolean> {
    return (await this.read("read a record", () => this.registry.getRecord(contentHash))).blockNumber !== 0n;
  }

  /** Whether the registry holds this batch root. */
  async isBatchAnchored(root: Hex): Promise<boolean> {
    return (await this.batchBlock(root)) !== undefined;
  }

  /** The block that anchored this root, if the registry holds it. */
  async batchBlock(root: Hex): Promise<number | undefined> {
    const { blockNumber } = await this.read("read a batch", () => this.registry.getBatch(root));
    return blockNumber === 0n ? undefined : Number(blockNumber);
  }

  /** The identity whose current key is `key`, if the registry knows it. */
  async publisherOfKey(key: Hex): Promise<OnChainPublisher | undefined> {
    const id = Number(await this.read("read a publisher", () => this.registry.publisherIdOf(key)));
    if (id === 0) return undefined;
    const publisher = await this.read("read a publisher", () => this.registry.getPublisher(id));
    return { id, key: getAddress(publisher.key) as Hex, revokedAt: Number(publisher.revokedAt) };
  }

  /**
   * The publisher's signature of a directly anchored version, read from the transaction that
   * anchored it: an `anchor` call, or one inside a `multicall`. The registry checked it when the
   * transaction ran. Undefined when the call was made some other way (through another contract).
   */
  async anchorSignature(txHash: Hex, contentHash: ContentHash): Promise<SignatureHex | undefined> {
    const tx = await this.read("read a transaction", () => this.provider.getTransaction(txHash));
    if (!tx || getAddress(tx.to ?? ZeroAddress) !== this.address) return undefined;
    const call = this.registry.interface.parseTransaction({ data: tx.data });
    const calls = call?.name === "multicall" ? (call.args[0] as string[]).map((data) => this.registry.interface.parseTransaction({ data })) : [call];
    const anchoring = calls.find((c) => ANCHORING_CALLS.has(c?.name ?? "") && String(c!.args[0]).toLowerCase() === contentHash.toLowerCase());
    if (!anchoring) return undefined;
    return (anchoring.name === "anchor" ? anchoring.args[3] : anchoring.args.signature) as SignatureHex;
  }

  /** Whether the node knows the transaction, mined or in its pool. */
  async knowsTransaction(txHash: Hex): Promise<boolean> {
    return (await this.read("read a transaction", () => this.provider.getTransaction(txHash))) !== null;
  }

  /** The balance of an account, in wei. */
  async balanceOf(account: string): Promise<bigint> {
    return this.read("read a balance", () => this.provider.getBalance(account));
  }

  /** Whether `account` holds the registry role `role` (an AccessControl role id). */
  async hasRole(role: Hex, account: string): Promise<boolean> {
    return this.read("read a role", () => this.registry.hasRole(role, account));
  }

  /** What the chain asks per unit of gas now: the EIP-1559 maximum fee, or the legacy gas price. */
  async feePerGas(): Promise<bigint> {
    const fees = await this.read("read the fees", () => currentFees(this.provider));
    return "gasPrice" in fees ? fees.gasPrice : fees.maxFeePerGas;
  }

  /** A read of the chain, whose failure to answer is the chain's unavailability, for the caller to retry. */
  protected async read<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new ChainUnavailableError({ message: `could not ${what}: the chain did not answer`, cause: error });
    }
  }
}

/** The chain id and the checksummed address of a registry that is deployed there. */
export async function locate(provider: Provider, address: string): Promise<{ chainId: bigint; registry: Hex }> {
  const registry = getAddress(address) as Hex;
  const [network, code] = await Promise.all([provider.getNetwork(), provider.getCode(registry)]);
  if (code === "0x") throw new ChainUnavailableError({ message: `no registry contract at ${registry} on chain ${network.chainId}` });
  return { chainId: network.chainId, registry };
}
