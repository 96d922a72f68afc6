import { isHexString } from "ethers";
import { InvalidRequestError } from "../errors";
import { cidOfContentHash, contentHashOfCid, type CidString, type ContentHash, type Hex } from "../protocol";
import type { ChainIndex, PublisherRow } from "../store/chainIndex";

export type ProvenanceStatus = "anchored" | "unknown";

export interface PublisherView {
  id: number;
  address: Hex;
  name: string;
  domain: string;
  registeredAt: string;
  revokedAt: string | null;
  active: boolean;
}

/** The answer to "who published exactly this text, and when?". */
export interface Provenance {
  /** True only when the registry's events on chain record this exact content hash. */
  verified: boolean;
  status: ProvenanceStatus;
  cid: CidString;
  contentHash: ContentHash;
  previous: ContentHash | null;
  publisher: PublisherView | null;
  /** The key that signed this version (the identity's key at the time). */
  signer: Hex | null;
  anchoredAt: string | null;
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
  };
}

/** Answers provenance questions from the chain index, which only the registry's events feed. */
export class ProvenanceService {
  constructor(
    private readonly index: ChainIndex,
    private readonly chain: { chainId: bigint; address: Hex },
  ) {}

  async describe(contentHash: ContentHash): Promise<Provenance> {
    const anchor = this.index.anchor(contentHash);
    const base = { contentHash, chainId: Number(this.chain.chainId), registry: this.chain.address };
    if (!anchor) {
      return {
        verified: false,
        status: "unknown",
        cid: await cidOfContentHash(contentHash),
        previous: null,
        publisher: null,
        signer: null,
        anchoredAt: null,
        blockNumber: null,
        txHash: null,
        ...base,
      };
    }
    const publisher = this.index.publisherById(anchor.publisherId);
    return {
      verified: true,
      status: "anchored",
      cid: anchor.cid,
      previous: anchor.previous,
      publisher: publisher ? publisherView(publisher) : null,
      signer: anchor.signer,
      anchoredAt: isoSeconds(anchor.anchoredAt),
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
