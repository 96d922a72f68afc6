import { z } from "zod";
import * as strictJson from "./strictJson";
import type { CidString, ContentHash, Hex, SignatureHex } from "./types";

/** Format tag of the receipts issued now; a verifier refuses formats it does not know. */
export const RECEIPT_FORMAT = "newsprov-receipt-v2";
/**
 * The format before, still read: the same but for a batch anchor's `leafIndex`, which no proof
 * checked (changing it alone passed every verifier), and which v2 drops.
 */
export const RECEIPT_FORMAT_V1 = "newsprov-receipt-v1";
export type ReceiptFormat = typeof RECEIPT_FORMAT | typeof RECEIPT_FORMAT_V1;

/** What every receipt states: the publication, signed by its publisher, and where it belongs. */
export interface ReceiptCore {
  format: ReceiptFormat;
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
  /** `leafIndex` only in a v1 receipt, where nothing reads it. */
  | ({ kind: "batch"; root: Hex; proof: Hex[]; leafIndex?: number } & AnchorInBlock);

/** Everything needed to check, with only a JSON-RPC endpoint, that the publication is on chain. */
export interface CompleteReceipt extends ReceiptCore {
  status: "complete";
  anchor: ReceiptAnchor;
}

export type Receipt = PendingReceipt | CompleteReceipt;

// What the service writes, and all a strict reader takes (docs/protocol.md, "Receipt schema").
const { hex, address, integer } = strictJson;

const coreOf = (format: ReceiptFormat) => ({
  format: z.literal(format),
  cid: z.string().regex(/^bagaaiera[a-z2-7]{52}$/, { message: "must be an article CID in base32" }),
  contentHash: hex(32),
  publisher: address,
  signature: hex(),
  previous: hex(32),
  chainId: integer(1),
  registry: address,
});
const inBlock = { txHash: hex(32), blockNumber: integer(0), blockTimestamp: integer(0) };

/**
 * A strict reader of one format: its version, every field's type and case, the fields of its
 * status and no other (a complete receipt has no `issuedAt`, `relayer` or `relayerSignature`; a
 * pending one no `anchor`). `batchAnchor` are the fields of a batch anchor beside root and proof.
 */
const receiptSchemaOf = (format: ReceiptFormat, batchAnchor: z.ZodRawShape) =>
  z.discriminatedUnion("status", [
    z.strictObject({
      ...coreOf(format),
      status: z.literal("pending"),
      // As Date.prototype.toISOString writes it: UTC, milliseconds.
      issuedAt: z.iso.datetime({ precision: 3 }),
      relayer: address,
      relayerSignature: hex(65),
    }),
    z.strictObject({
      ...coreOf(format),
      status: z.literal("complete"),
      anchor: z.discriminatedUnion("kind", [
        z.strictObject({ kind: z.literal("direct"), ...inBlock }),
        z.strictObject({ kind: z.literal("batch"), ...inBlock, root: hex(32), proof: z.array(hex(32)).max(64), ...batchAnchor }),
      ]),
    }),
  ]);

/** Reads a receipt of the current format (v2) from untrusted JSON, strictly. */
export const receiptSchema = receiptSchemaOf(RECEIPT_FORMAT, {});
const receiptV1Schema = receiptSchemaOf(RECEIPT_FORMAT_V1, { leafIndex: integer(0) });

/** Reads a receipt of any format this protocol knows (v2, or v1), strictly: each by its own schema. */
export function parseReceipt(json: unknown) {
  const format = (json as { format?: unknown } | null | undefined)?.format;
  return format === RECEIPT_FORMAT_V1 ? receiptV1Schema.safeParse(json) : receiptSchema.safeParse(json);
}

/** The part of a pending receipt the relayer signs. */
export const pendingReceiptClaim = ({ relayerSignature: _, ...claim }: PendingReceipt) => claim;
