import { getAddress, isAddress } from "ethers";
import { z } from "zod";
import type { CidString, ContentHash, Hex, SignatureHex } from "./types";

/** Format tag of receipts; a verifier refuses formats it does not know. */
export const RECEIPT_FORMAT = "newsprov-receipt-v1";

/** What every receipt states: the publication, signed by its publisher, and where it belongs. */
export interface ReceiptCore {
  format: typeof RECEIPT_FORMAT;
  cid: CidString;
  contentHash: ContentHash;
  /** The publisher key that signed the publication. */
  publisher: Hex;
  signature: SignatureHex;
  /** Content hash of the corrected version; the zero hash for a first version. */
  previous: ContentHash;
  chainId: number;
  registry: Hex;
}

/**
 * A relayer's signed promise to anchor, like a Certificate Transparency SCT: the relayer signs,
 * as an EIP-191 personal message, the RFC 8785 text of this object without `relayerSignature`.
 */
export interface PendingReceipt extends ReceiptCore {
  status: "pending";
  issuedAt: string;
  relayer: Hex;
  relayerSignature: SignatureHex;
}

interface AnchorInBlock {
  txHash: Hex;
  blockNumber: number;
  /** Unix seconds. */
  blockTimestamp: number;
}

export type ReceiptAnchor =
  | ({ kind: "direct" } & AnchorInBlock)
  | ({ kind: "batch"; root: Hex; leafIndex: number; proof: Hex[] } & AnchorInBlock);

/** Everything needed to check, with only a JSON-RPC endpoint, that the publication is on chain. */
export interface CompleteReceipt extends ReceiptCore {
  status: "complete";
  anchor: ReceiptAnchor;
}

export type Receipt = PendingReceipt | CompleteReceipt;

// What the service writes, and all a strict reader takes (docs/protocol.md, "Receipt schema"):
// byte strings in lower-case hex, addresses in their EIP-55 checksum case, integers as JSON numbers.
const hex = (bytes?: number) =>
  z
    .string()
    .regex(bytes === undefined ? /^0x(?:[0-9a-f]{2}){1,2048}$/ : new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`), {
      message: `must be ${bytes === undefined ? "" : `${bytes} bytes of `}lower-case hex`,
    })
    .transform((v) => v as Hex);
const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, { message: "must be an address" })
  .refine((value) => isAddress(value) && getAddress(value) === value, { message: "must be an address in its EIP-55 checksum case" })
  .transform((v) => v as Hex);
const integer = (min: number) => z.number().int().min(min).max(Number.MAX_SAFE_INTEGER);

const core = {
  format: z.literal(RECEIPT_FORMAT),
  cid: z.string().regex(/^bagaaiera[a-z2-7]{52}$/, { message: "must be an article CID in base32" }),
  contentHash: hex(32),
  publisher: address,
  signature: hex(),
  previous: hex(32),
  chainId: integer(1),
  registry: address,
};
const inBlock = { txHash: hex(32), blockNumber: integer(0), blockTimestamp: integer(0) };

/**
 * Reads a receipt from untrusted JSON, strictly: its format version, every field's type and case,
 * the fields of its status and no other (a complete receipt has no `issuedAt`, `relayer` or
 * `relayerSignature`; a pending one no `anchor`).
 */
export const receiptSchema = z.discriminatedUnion("status", [
  z.strictObject({
    ...core,
    status: z.literal("pending"),
    // As Date.prototype.toISOString writes it: UTC, milliseconds.
    issuedAt: z.iso.datetime({ precision: 3 }),
    relayer: address,
    relayerSignature: hex(65),
  }),
  z.strictObject({
    ...core,
    status: z.literal("complete"),
    anchor: z.discriminatedUnion("kind", [
      z.strictObject({ kind: z.literal("direct"), ...inBlock }),
      z.strictObject({ kind: z.literal("batch"), ...inBlock, root: hex(32), leafIndex: integer(0), proof: z.array(hex(32)).max(64) }),
    ]),
  }),
]);

/** The part of a pending receipt the relayer signs. */
export const pendingReceiptClaim = ({ relayerSignature: _, ...claim }: PendingReceipt) => claim;
