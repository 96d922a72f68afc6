import { isHexString } from "ethers";
import { InvalidRequestError, RegistryUnavailableError } from "../errors";
import { cidOfContentHash, contentHashOfCid, isPublicTestAccount, type CidString, type ContentHash, type Hex } from "../protocol";
import type { ChainIndex, PublisherRow } from "../store/chainIndex";

/**
 * `anchored`: this is the current version. `superseded`: a newer version corrects it (see
 * `latest`). `retracted`: its publisher retracted it. `unknown`: the chain has no record of it.
 */
export type ProvenanceStatus = "anchored" | "superseded" | "retracted" | "unknown";

export interface PublisherView {
  id: number;
  address: Hex;
  name: string;
  domain: string;
  registeredAt: string;
  revokedAt: string | null;
  active: boolean;
  /** Rotations so far: the nonce the current key signs in its next KeyRotation. */
  keyRotationNonce: number;
  /** The current key is a public test key (isPublicTestAccount): anyone can sign as this identity. */
  demo: boolean;
}

export interface RetractionView {
  reason: string;
  retractedAt: string;
  blockNumber: number;
  txHash: Hex;
}

/** The answer to "who published exactly this text, and when?". */
export interface Provenance {
  /** True only when the registry's events on chain record this exact content hash. */
  verified: boolean;
  status: ProvenanceStatus;
  cid: CidString;
  contentHash: ContentHash;
  previous: ContentHash | null;
  /** CID of the article's newest version (this one's when it is current), or null when unknown. */
  latest: CidString | null;
  retraction: RetractionView | null;
  publisher: PublisherView | null;
  /** When the publisher identity was revoked, if it was: this version stays valid if anchored before. */
  publisherRevokedAt: string | null;
  /** The key that signed this version (the identity's key at the time). */
  signer: Hex | null;
  anchoredAt: string | null;
  /** How it was anchored: in its own transaction, or as a leaf of a Merkle batch (see its receipt for the proof). */
  anchor: { kind: "direct" } | { kind: "batch"; root: Hex } | null;
  blockNumber: number | null;
  txHash: Hex | null;
  chainId: number;
  registry: Hex;
}

const isoSeconds = (seconds: number) => new Date(seconds * 1000).toISOString();

export function publisherView(row: PublisherRow): PublisherView {
  return {
    id: row.id,
    address: row.key,
    name: row.name,
    domain: row.domain,
    registeredAt: isoSeconds(row.registeredAt),
    revokedAt: row.revokedAt === null ? null : isoSeconds(row.revokedAt),
    active: row.revokedAt === null,
    keyRotationNonce: row.keyRotations,
    demo: isPublicTestAccount(row.key),
  };
}

/**
 * Answers provenance questions from the chain index, which only the registry's events feed. It
 * answers none while the registry is gone from the chain: the index would then speak for a
 * contract that no longer holds its records.
 */
export class ProvenanceService {
  constructor(
    private readonly index: ChainIndex,
    private readonly chain: { chainId: bigint; address: Hex },
    private readonly registry: { registryMissing(): string | null },
  ) {}

  async describe(contentHash: ContentHash): Promise<Provenance> {
    const missing = this.registry.registryMissing();
    if (missing) throw new RegistryUnavailableError({ message: missing });
    const anchor = this.index.anchor(contentHash);
    const base = { contentHash, chainId: Number(this.chain.chainId), registry: this.chain.address };
    if (!anchor) {
      return {
        verified: false,
        status: "unknown",
        cid: await cidOfContentHash(contentHash),
        previous: null,
        latest: null,
        retraction: null,
        publisher: null,
        publisherRevokedAt: null,
        signer: null,
        anchoredAt: null,
        anchor: null,
        blockNumber: null,
        txHash: null,
        ...base,
      };
    }
    const publisher = this.index.publisherById(anchor.publisherId);
    const retraction = this.index.retraction(contentHash);
    const latest = this.index.latestVersion(contentHash);
    const latestCid = latest === contentHash ? anchor.cid : this.index.anchor(latest)!.cid;
    return {
      verified: true,
      status: retraction ? "retracted" : latest !== contentHash ? "superseded" : "anchored",
      cid: anchor.cid,
      previous: anchor.previous,
      latest: latestCid,
      retraction: retraction
        ? { reason: retraction.reason, retractedAt: isoSeconds(retraction.retractedAt), blockNumber: retraction.blockNumber, txHash: retraction.txHash }
        : null,
      publisher: publisher ? publisherView(publisher) : null,
      publisherRevokedAt: publisher?.revokedAt ? isoSeconds(publisher.revokedAt) : null,
      signer: anchor.signer,
      anchoredAt: isoSeconds(anchor.anchoredAt),
      anchor: anchor.batchRoot ? { kind: "batch", root: anchor.batchRoot } : { kind: "direct" },
      blockNumber: anchor.blockNumber,
      txHash: anchor.txHash,
      ...base,
    };
  }
}

/** Reads an article identifier: a CID (bagaaiera…) or a 0x-prefixed content hash. */
export async function parseArticleIdentifier(identifier: string): Promise<ContentHash> {
  if (isHexString(identifier, 32)) return identifier.toLowerCase() as ContentHash;
  const contentHash = await contentHashOfCid(identifier);
  if (!contentHash) {
    throw new InvalidRequestError({
      code: "invalid_identifier",
      message: "expected an article CID (CIDv1, codec json, sha2-256) or a 0x-prefixed 32-byte content hash",
      details: { identifier: identifier.slice(0, 200) },
    });
  }
  return contentHash;
}
