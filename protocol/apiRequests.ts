import { isAddress } from "ethers";
import { z } from "zod";
import { articleInputSchema } from "./article";
import type { Hex } from "./types";

// Request schemas of the HTTP API (docs/api.md). The service validates every body and parameter
// with them, the OpenAPI document describes the API's inputs with them, and a client can check a
// request before it sends it.

const address = z
  .string()
  .max(42)
  .refine(isAddress, { message: "must be an Ethereum address" })
  .transform((value) => value as Hex)
  .meta({ description: "An Ethereum address, 0x and 40 hex digits" });

/** 65 bytes for a key's ECDSA signature; contract publishers (ERC-1271) may need more. */
const signature = z
  .string()
  .regex(/^0x(?:[0-9a-fA-F]{2}){65,2048}$/, { message: "must be 0x-prefixed hex of at least 65 bytes" })
  // Stored and written in receipts in lower case, the one case a strict receipt reader takes.
  .transform((value) => value.toLowerCase() as Hex)
  .meta({ description: "An EIP-712 signature, 0x-prefixed hex" });

/** A CID or a 0x-prefixed content hash; parsed further by parseArticleIdentifier (identifiers.ts). */
export const articleIdentifierSchema = z.string().min(1).max(200);

export const articleEnvelopeSchema = z.strictObject({ article: articleInputSchema });

export const publishRequestSchema = z.strictObject({
  article: articleInputSchema,
  signature,
  previous: articleIdentifierSchema.optional(),
  publisher: address.optional(),
});

/** Most items one bulk publish may carry; MAX_BODY_BYTES often binds first. */
export const BULK_MAX_ITEMS = 1_000;

/**
 * A bulk publish. Each item is validated on its own with publishRequestSchema, so that one bad
 * item costs only its own answer; `bulkPublishDocument` is how the API documents it.
 */
export const bulkPublishRequestSchema = z.strictObject({ items: z.array(z.unknown()).min(1).max(BULK_MAX_ITEMS) });
export const bulkPublishDocument = z.strictObject({ items: z.array(publishRequestSchema).min(1).max(BULK_MAX_ITEMS) });

/** `?wait=false`: in batch mode, answer 202 with a pending receipt instead of waiting for the batch. */
export const publishQuerySchema = z.object({
  wait: z.enum(["true", "false"]).default("true").transform((value) => value === "true"),
});

/**
 * A name or domain a reader sees, well-formed and of bounded length. What characters it may hold,
 * and whether a domain is a domain name, are the identity rules' (publisherIdentity.ts): the
 * service answers them with `publisher_invalid_name`, naming the rule.
 */
const shownText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max, { abort: true })
    .refine((value) => value.isWellFormed(), { message: "contains a lone surrogate" });

export const registerPublisherRequestSchema = z.strictObject({
  address,
  name: shownText(200),
  domain: shownText(253).meta({ description: "A domain name, e.g. newsroom.example or quotidién.example: registered in its IDNA ASCII form" }),
});

export const publisherAddressSchema = address;

export const retractRequestSchema = z.strictObject({
  // Not trimmed: the publisher signed these exact characters.
  reason: z
    .string()
    .min(1)
    .max(1_000)
    .refine((value) => value.trim() !== "" && value.isWellFormed(), { message: "must be a non-blank, well-formed string" }),
  signature,
});

/** A registrar (admin token) rotates without a signature; anyone else relays the current key's signature. */
export const rotateKeyRequestSchema = z.strictObject({
  newKey: address,
  signature: signature.optional(),
});

export const listLimitSchema = z.coerce.number().int().min(1).max(100).default(20);

/** A sentence a reader wants traced to an anchored article; its limits apply once it is normalized. */
export const quoteRequestSchema = z.strictObject({
  text: z.string().refine((value) => value.isWellFormed(), { message: "contains a lone surrogate" }),
});

/** A batch's Merkle root, as GET /v1/batches/:root names it. */
export const batchRootSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, { message: "must be a 0x-prefixed 32-byte Merkle root" })
  .transform((value) => value.toLowerCase() as Hex)
  .meta({ description: "A batch's Merkle root, 0x and 64 hex digits" });

/** GET /v1/batches: a page of anchored batches in chain order, after the root a mirror has already. */
export const batchListQuerySchema = z.strictObject({
  after: batchRootSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});
