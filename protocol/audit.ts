import { getAddress, type Provider } from "ethers";
import type { BatchLeaf } from "./batch";
import { BatchFileError, checkBatchFile } from "./batchFile";
import { readBatchFile, type BatchSource } from "./batchSource";
import { NO_PREVIOUS, protocolDomain, recoverPublicationSigner, type ProtocolDomain } from "./eip712";
import { registryEventRanges, type RegistryLogEvent } from "./registryLog";
import type { ContentHash, Hex } from "./types";

/**
 * A registry monitor, as a Certificate Transparency monitor audits a log (docs/protocol.md,
 * "Auditing a registry"): it replays every event of a registry from the chain, reads every
 * anchored batch's file, and checks the rules no single transaction can show were kept.
 */

/** The rules the audit checks; each violation names one. */
export type AuditRule =
  /** No source has the file of an anchored root: its leaves cannot be known, or checked. */
  | "batch_file_missing"
  /** The file does not rebuild the root, is of another registry, or breaks the format's rules. */
  | "batch_file_invalid"
  /** A leaf's signature is not its publisher key's. */
  | "leaf_signature_invalid"
  /** A leaf's key was not the current key of an active publisher at the batch's block. */
  | "publisher_not_active"
  /** A content hash anchored a second time, directly or in a batch. */
  | "duplicate_content_hash"
  /** A version corrected twice: its history forks. */
  | "two_successors"
  /** A correction of a version the registry never anchored. */
  | "correction_of_unanchored"
  /** A retraction of a version the registry never anchored. */
  | "retraction_of_unanchored"
  /** The registry recorded a batch leaf that the batch's file does not hold. */
  | "recorded_leaf_not_in_batch";

export interface AuditViolation {
  rule: AuditRule;
  message: string;
  blockNumber: number;
  txHash: Hex;
  root?: Hex;
  contentHash?: ContentHash;
}

export interface AuditCounts {
  publishers: number;
  keyRotations: number;
  revocations: number;
  /** ArticleAnchored events: first versions and corrections anchored one by one. */
  directAnchors: number;
  corrections: number;
  batches: number;
  /** Leaves of the batch files read, the faulty ones included. */
  batchLeaves: number;
  /** Batch leaves the registry recorded (to correct or retract them). */
  recordedLeaves: number;
  retractions: number;
}

export interface AuditReport {
  chainId: number;
  registry: Hex;
  fromBlock: number;
  toBlock: number;
  counts: AuditCounts;
  violations: AuditViolation[];
}

export interface AuditOptions {
  provider: Provider;
  registry: Hex;
  /** Where the batch files come from: a mirror directory or a service's URL. */
  batches: BatchSource;
  /** The registry's deployment block, or any block before it (default 0). */
  fromBlock?: number;
  /** The last block audited (default: the chain head). */
  toBlock?: number;
  /** Blocks per eth_getLogs call. */
  rangeBlocks?: number;
  /** Told of each range of blocks audited, for a progress bar. */
  onProgress?: (block: number, toBlock: number) => void;
}

/** Audits a registry from `fromBlock` to `toBlock` (docs/protocol.md, "Auditing a registry"). */
export async function auditRegistry(options: AuditOptions): Promise<AuditReport> {
  const { provider, batches } = options;
  const registry = getAddress(options.registry) as Hex;
  const chainId = Number((await provider.getNetwork()).chainId);
  const fromBlock = options.fromBlock ?? 0;
  const toBlock = options.toBlock ?? (await provider.getBlockNumber());
  const audit = new RegistryAudit(protocolDomain(BigInt(chainId), registry), batches);
  for await (const range of registryEventRanges(provider, registry, fromBlock, toBlock, options.rangeBlocks)) {
    for (const event of range.events) await audit.apply(event);
    options.onProgress?.(range.toBlock, toBlock);
  }
  audit.finish();
  return { chainId, registry, fromBlock, toBlock, counts: audit.counts, violations: audit.violations };
}

/** When a key was an identity's current key, as the registry's keyPeriod holds it, and whose. */
interface KeyHistory {
  publisherId: number;
  from: number;
  until: number | undefined;
}

interface BatchLeafAtBlock {
  leaf: BatchLeaf;
  root: Hex;
  event: RegistryLogEvent;
}

/** The audit's state: what the events so far anchored, and the rules they kept. */
class RegistryAudit {
  readonly violations: AuditViolation[] = [];
  readonly counts: AuditCounts = {
    publishers: 0,
    keyRotations: 0,
    revocations: 0,
    directAnchors: 0,
    corrections: 0,
    batches: 0,
    batchLeaves: 0,
    recordedLeaves: 0,
    retractions: 0,
  };
  private readonly keys = new Map<Hex, KeyHistory>();
  private readonly revokedAt = new Map<number, number>();
  /** Every version anchored so far, directly or as a sound batch leaf, and the event that did. */
  private readonly anchored = new Map<ContentHash, RegistryLogEvent>();
  /** Batch leaves the registry recorded, which it checked itself: anchored even before their block's leaves are. */
  private readonly recorded = new Set<ContentHash>();
  private readonly successors = new Map<ContentHash, ContentHash>();
  /** The leaves of each batch whose file was read, by content hash. */
  private readonly batchLeaves = new Map<Hex, Map<ContentHash, BatchLeaf>>();
  /**
   * Leaves whose keys are checked once their batch's block is over: a key's period, like the
   * registry's keyPeriod, is counted in whole blocks, and a rotation later in the same block ends it.
   */
  private pending: BatchLeafAtBlock[] = [];

  constructor(
    private readonly domain: ProtocolDomain,
    private readonly source: BatchSource,
  ) {}

  async apply(event: RegistryLogEvent): Promise<void> {
    if (this.pending.length > 0 && event.blockNumber > this.pending[0]!.event.blockNumber) this.checkPendingLeaves();
    const { args } = event;
    switch (event.name) {
      case "PublisherRegistered":
        this.counts.publishers++;
        this.keys.set(getAddress(args.key) as Hex, { publisherId: Number(args.publisherId), from: event.blockNumber, until: undefined });
        return;
      case "PublisherKeyRotated": {
        this.counts.keyRotations++;
        const id = Number(args.publisherId);
        const previous = this.keys.get(getAddress(args.previousKey) as Hex);
        if (previous) previous.until = event.blockNumber;
        this.keys.set(getAddress(args.newKey) as Hex, { publisherId: id, from: event.blockNumber, until: undefined });
        return;
      }
      case "PublisherRevoked":
        this.counts.revocations++;
        this.revokedAt.set(Number(args.publisherId), event.blockNumber);
        return;
      case "ArticleAnchored":
        return this.anchor(event, args.contentHash as ContentHash, args.previous as ContentHash);
      case "BatchAnchored":
        return this.batch(event, args.root as Hex, Number(args.count));
      case "BatchLeafRecorded":
        return this.recordedLeaf(event, args.root as Hex, args.contentHash as ContentHash, getAddress(args.signer) as Hex);
      case "ArticleRetracted":
        this.counts.retractions++;
        if (!this.isAnchored(args.contentHash)) {
          this.violation(event, "retraction_of_unanchored", `the retraction names ${args.contentHash}, which no event anchored`, { contentHash: args.contentHash });
        }
        return;
    }
  }

  /** The checks that wait for the end of a block, once the last event was read. */
  finish(): void {
    this.checkPendingLeaves();
  }

  private anchor(event: RegistryLogEvent, contentHash: ContentHash, previous: ContentHash): void {
    this.counts.directAnchors++;
    this.firstAnchoring(event, contentHash);
    if (previous === NO_PREVIOUS) return;
    this.counts.corrections++;
    if (!this.isAnchored(previous)) {
      this.violation(event, "correction_of_unanchored", `${contentHash} corrects ${previous}, which no event anchored`, { contentHash });
    }
    const earlier = this.successors.get(previous);
    if (earlier) this.violation(event, "two_successors", `${previous} is corrected by ${earlier} and again by ${contentHash}`, { contentHash });
    else this.successors.set(previous, contentHash);
  }

  private isAnchored(contentHash: ContentHash): boolean {
    return this.anchored.has(contentHash) || this.recorded.has(contentHash);
  }

  private firstAnchoring(event: RegistryLogEvent, contentHash: ContentHash, root?: Hex): void {
    const first = this.anchored.get(contentHash);
    if (first) {
      this.violation(event, "duplicate_content_hash", `${contentHash} was already anchored in block ${first.blockNumber} (${first.txHash})`, { contentHash, root });
    } else {
      this.anchored.set(contentHash, event);
    }
  }

  private async batch(event: RegistryLogEvent, root: Hex, count: number): Promise<void> {
    this.counts.batches++;
    const json = await readBatchFile(this.source, root);
    if (json === undefined) return this.violation(event, "batch_file_missing", `no batch file of the root ${root}`, { root });
    let file;
    try {
      ({ file } = checkBatchFile(json, { root, chainId: Number(this.domain.chainId), registry: this.domain.verifyingContract as Hex }));
    } catch (error) {
      if (!(error instanceof BatchFileError)) throw error;
      return this.violation(event, "batch_file_invalid", `the batch file of ${root} proves nothing: ${error.message}`, { root });
    }
    if (file.leaves.length !== count) {
      return this.violation(event, "batch_file_invalid", `the batch file of ${root} holds ${file.leaves.length} leaves, its event counts ${count}`, { root });
    }
    this.counts.batchLeaves += file.leaves.length;
    this.batchLeaves.set(root, new Map(file.leaves.map((leaf) => [leaf.contentHash, leaf])));
    for (const leaf of file.leaves) this.pending.push({ leaf, root, event });
  }

  private recordedLeaf(event: RegistryLogEvent, root: Hex, contentHash: ContentHash, signer: Hex): void {
    this.counts.recordedLeaves++;
    this.recorded.add(contentHash);
    const leaf = this.batchLeaves.get(root)?.get(contentHash);
    if (!leaf || getAddress(leaf.publisher) !== signer) {
      this.violation(event, "recorded_leaf_not_in_batch", `the registry recorded ${contentHash} of ${root}, which its batch file does not hold`, { contentHash, root });
    }
  }

  /** Each leaf of the block's batches: signed by its key, a key then current and its identity active. */
  private checkPendingLeaves(): void {
    for (const { leaf, root, event } of this.pending) {
      const { contentHash } = leaf;
      const signer = recoverPublicationSigner(this.domain, { contentHash, previous: leaf.previous }, leaf.signature);
      if (signer !== getAddress(leaf.publisher)) {
        this.violation(event, "leaf_signature_invalid", `the leaf ${contentHash} of ${root} is not signed by its publisher key ${leaf.publisher}`, { contentHash, root });
        continue;
      }
      const inactive = this.inactiveReason(signer, event.blockNumber);
      if (inactive) {
        this.violation(event, "publisher_not_active", `the leaf ${contentHash} of ${root}: ${inactive}`, { contentHash, root });
        continue;
      }
      this.firstAnchoring(event, contentHash, root);
    }
    this.pending = [];
  }

  /** Why `key` could not publish at `block`, as the registry's recordBatchLeaf would refuse it; undefined when it could. */
  private inactiveReason(key: Hex, block: number): string | undefined {
    const history = this.keys.get(key);
    if (!history) return `the key ${key} was never registered`;
    if (history.from > block || (history.until !== undefined && history.until <= block)) {
      return `the key ${key} was not its identity's current key at block ${block}`;
    }
    const revoked = this.revokedAt.get(history.publisherId);
    if (revoked !== undefined && revoked <= block) return `publisher ${history.publisherId} was revoked at block ${revoked}`;
    return undefined;
  }

  private violation(event: RegistryLogEvent, rule: AuditRule, message: string, about: { root?: Hex; contentHash?: ContentHash }): void {
    this.violations.push({ rule, message, blockNumber: event.blockNumber, txHash: event.txHash, ...about });
  }
}
