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

const hex = (bytes?: number) =>
  z.string().regex(bytes === undefined ? /^0x(?:[0-9a-fA-F]{2})*$/ : new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`)).transform((v) => v as Hex);

const core = {
  format: z.literal(RECEIPT_FORMAT),
  cid: z.string().min(1).max(200),
  contentHash: hex(32),
  publisher: hex(20),
  signature: hex(),
  previous: hex(32),
  chainId: z.number().int().positive(),
  registry: hex(20),
};
const inBlock = { txHash: hex(32), blockNumber: z.number().int().nonnegative(), blockTimestamp: z.number().int().nonnegative() };

/** Reads a receipt from untrusted JSON, checking its format version and shape. */
export const receiptSchema = z.discriminatedUnion("status", [
  z.strictObject({ ...core, status: z.literal("pending"), issuedAt: z.iso.datetime(), relayer: hex(20), relayerSignature: hex(65) }),
  z.strictObject({
    ...core,
    status: z.literal("complete"),
    anchor: z.discriminatedUnion("kind", [
      z.strictObject({ kind: z.literal("direct"), ...inBlock }),
      z.strictObject({ kind: z.literal("batch"), ...inBlock, root: hex(32), leafIndex: z.number().int().nonnegative(), proof: z.array(hex(32)).max(64) }),
    ]),
  }),
]);

/** The part of a pending receipt the relayer signs. */
export const pendingReceiptClaim = ({ relayerSignature: _, ...claim }: PendingReceipt) => claim;
