import { z } from "zod";
import { normalizedArticleSchema } from "./article";
import { ARTICLE_RULES } from "./articleRules";
import { DOMAIN_CHECK_STATUSES } from "./publisherStatement";
import { receiptSchema } from "./receipt";
import type { CidString, ContentHash, Hex } from "./types";

// The answers of the HTTP API (docs/api.md), as zod schemas: the OpenAPI document is generated
// from them, and every answer type is inferred from them, so that the service, the CLI, the page
// and a newsroom's CMS read one description. A change of shape fails the type check, not a user.

/** Every error code the API answers with, in `error.code` (docs/api.md, "Error codes"). */
export const API_ERROR_CODES = [
  "invalid_request",
  "invalid_identifier",
  "duplicate_key",
  "malformed_json",
  "malformed_url",
  "payload_too_large",
  "unsupported_media_type",
  "unsupported_encoding",
  "unsupported_charset",
  "request_aborted",
  "invalid_content_length",
  "quote_too_long",
  "quote_too_short",
  "unauthorized",
  "rate_limited",
  "invalid_signature",
  "publisher_not_active",
  "publisher_revoked",
  "previous_from_another_publisher",
  "previous_not_anchored",
  "previous_already_superseded",
  "previous_retracted",
  "article_already_anchored",
  "article_pending",
  "article_already_retracted",
  "publisher_already_revoked",
  "publisher_already_registered",
  "publisher_invalid_name",
  "publisher_domain_taken",
  "publisher_confusable",
  "batch_already_anchored",
  "not_found",
  "article_not_anchored",
  "chain_unavailable",
  "registry_unavailable",
  "internal_error",
  "domain_check_too_soon",
  "read_only",
  "invalid_utf8",
  "relayer_insufficient_funds",
  "relayer_missing_role",
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** 0x-prefixed hex of `bytes` bytes, typed as our Hex aliases are (the schema checks the form, the type names it). */
const hex = <T extends Hex = Hex>(bytes: number, description: string) =>
  z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`)).meta({ description }) as unknown as z.ZodType<T, T>;
const address = hex(20, "An Ethereum address (EIP-55 checksummed)");
const txHash = hex(32, "A transaction hash");
const contentHash = hex<ContentHash>(32, "An article's content hash: sha2-256 of its canonical JSON");
const cid = z.string().meta({ description: "An article's CID: CIDv1, codec json, sha2-256, base32", examples: ["bagaaiera6b7ir4tg7egvbfu3uar6voinuizqt2ws6dwtjp2cst6x2szxwwtq"] }) as unknown as z.ZodType<CidString, CidString>;
const timestamp = z.iso.datetime().meta({ description: "A block timestamp, ISO 8601 UTC" });

const issueSchema = z
  .strictObject({
    path: z.array(z.union([z.string(), z.number().int()])).meta({ description: "From the body down to the value at fault" }),
    message: z.string().meta({ description: "For humans; may change" }),
    rule: z.enum(ARTICLE_RULES).optional().meta({ description: "For an article's issue: the rule of docs/protocol.md it breaks; stable" }),
  })
  .meta({ id: "Issue" });

export const errorBodySchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(API_ERROR_CODES).meta({ description: "Stable, machine-readable: see the error codes" }),
      message: z.string().meta({ description: "For humans; may change" }),
      details: z.looseObject({ issues: z.array(issueSchema).optional() }).optional(),
      requestId: z.string().meta({ description: "This request's id, also in the X-Request-Id header and the service's logs" }),
    }),
  })
  .meta({ id: "Error" });

export const domainCheckSchema = z
  .strictObject({
    status: z.enum(DOMAIN_CHECK_STATUSES).meta({
      description:
        "confirmed: the domain's /.well-known/newsprov.json lists this chain, registry and the identity's current key; " +
        "not_listed: the file is there but does not; unreachable: it could not be fetched or read; unchecked: not checked yet (or not since the key changed)",
    }),
    checkedAt: timestamp.nullable().meta({ description: "When the service last fetched the file; null while unchecked" }),
    url: z.string().nullable().meta({ description: "The file checked; null when the domain is not a domain name" }),
    reason: z.string().nullable().meta({ description: "For humans: what is wrong when it is not confirmed" }),
  })
  .meta({ id: "DomainCheck", description: "Whether the publisher's domain itself stands behind its key (docs/protocol.md, \"Domain statement\")" });

export const identityWarningSchema = z
  .strictObject({
    code: z.enum(["invalid_characters", "invalid_domain", "domain_taken_by", "confusable_with"]).meta({
      description:
        "invalid_characters: the name or domain has a control, bidi or invisible character; invalid_domain: the domain is not a domain name; " +
        "domain_taken_by: an earlier active publisher has this domain; confusable_with: the name or domain looks like an earlier active publisher's",
    }),
    field: z.enum(["name", "domain"]),
    publisherId: z.number().int().nullable().meta({ description: "The earlier publisher it collides with" }),
    message: z.string().meta({ description: "For humans; may change" }),
  })
  .meta({ id: "IdentityWarning" });

export const publisherSchema = z
  .strictObject({
    id: z.number().int(),
    address: address.meta({ description: "The identity's current key" }),
    name: z.string().meta({ description: "As the registry holds it" }),
    domain: z.string().meta({ description: "As the registry holds it: the IDNA ASCII form for publishers the service registered" }),
    domainUnicode: z.string().nullable().meta({ description: "The domain in Unicode, for readers; null when it is not a domain name" }),
    registeredAt: timestamp,
    revokedAt: timestamp.nullable(),
    active: z.boolean(),
    keyRotationNonce: z.number().int().meta({ description: "Rotations so far: the nonce the current key signs in its next KeyRotation" }),
    demo: z.boolean().meta({
      description: "A demo identity: its current key is one of the public test keys (Hardhat's and Anvil's mnemonic), so anyone can sign as it",
    }),
    domainCheck: domainCheckSchema,
    identityWarnings: z.array(identityWarningSchema).meta({
      description: "What is wrong with a name or domain registered on chain without the service's checks; empty for a sound identity",
    }),
  })
  .meta({ id: "Publisher" });

export const publisherTransactionSchema = publisherSchema.extend({ txHash }).meta({ id: "PublisherTransaction" });

export const retractionSchema = z
  .strictObject({ reason: z.string(), retractedAt: timestamp, blockNumber: z.number().int(), txHash })
  .meta({ id: "Retraction" });

export const provenanceSchema = z
  .strictObject({
    verified: z.boolean().meta({ description: "True only when the registry's events on chain record this exact content hash" }),
    status: z.enum(["anchored", "superseded", "retracted", "unknown"]),
    cid,
    contentHash,
    previous: contentHash.nullable().meta({ description: "The version this one corrects" }),
    latest: cid.nullable().meta({ description: "CID of the article's newest version (this one's when it is current)" }),
    retraction: retractionSchema.nullable(),
    publisher: publisherSchema.nullable(),
    publisherRevokedAt: timestamp.nullable(),
    signer: address.nullable().meta({ description: "The key that signed this version" }),
    anchoredAt: timestamp.nullable(),
    anchor: z
      .discriminatedUnion("kind", [
        z.strictObject({ kind: z.literal("direct") }),
        z.strictObject({ kind: z.literal("batch"), root: hex(32, "The Merkle root of the batch: its receipt holds the proof") }),
      ])
      .nullable()
      .meta({ description: "How it was anchored: in its own transaction, or as a leaf of a Merkle batch" }),
    blockNumber: z.number().int().nullable(),
    txHash: txHash.nullable(),
    chainId: z.number().int(),
    registry: address,
  })
  .meta({ id: "Provenance" });

export const diffPartSchema = z.strictObject({ op: z.enum(["equal", "delete", "insert"]), text: z.string() }).meta({ id: "DiffPart" });

export const diffGranularitySchema = z.enum(["word", "paragraph"]).meta({
  description:
    "How `diff` shows the changes: `word` by word, or `paragraph`: the changed paragraphs deleted and inserted whole, when they were too many or too long to diff word by word",
});

export const historyEntrySchema = provenanceSchema
  .extend({
    diff: z.array(diffPartSchema).nullable().meta({ description: "The changes from the version before; null for the first version or a text this service does not hold" }),
    diffBy: diffGranularitySchema.nullable().meta({ description: "How `diff` shows the changes; null when `diff` is" }),
  })
  .meta({ id: "HistoryEntry" });

export const historySchema = z.strictObject({ latest: cid, versions: z.array(historyEntrySchema) }).meta({ id: "ArticleHistory" });

export const storedArticleSchema = z
  .strictObject({
    article: normalizedArticleSchema.meta({ id: "NormalizedArticle" }),
    signature: z.string(),
    provenance: provenanceSchema,
  })
  .meta({ id: "StoredArticle" });

export const recentArticleSchema = z.strictObject({ cid, anchoredAt: timestamp, blockNumber: z.number().int() });
export const recentArticlesSchema = z.strictObject({ articles: z.array(recentArticleSchema) });
export const publishersSchema = z.strictObject({ publishers: z.array(publisherSchema) });

export const hashSchema = z
  .strictObject({ cid, contentHash, canonical: z.string().meta({ description: "The article's canonical JSON (JCS), which is hashed" }) })
  .meta({ id: "ArticleId" });

const typedDataField = z.strictObject({ name: z.string(), type: z.string() });
export const domainSchema = z
  .strictObject({
    domain: z.strictObject({ name: z.string(), version: z.string(), chainId: z.number().int(), verifyingContract: address }),
    types: z.record(z.string(), z.array(typedDataField)),
    primaryType: z.literal("Publication"),
  })
  .meta({ id: "SigningDomain" });

export const operatorKeyUseSchema = z.enum(["relayer", "registrar"]);
export const operatorKeyHealthSchema = z
  .strictObject({
    address,
    uses: z.array(operatorKeyUseSchema).meta({ description: "What the service sends with this key: the relayer's anchors, the registrar's registrations" }),
    balanceWei: z.string().regex(/^\d+$/).meta({ description: "Its balance, in wei, as a decimal string" }),
    problems: z
      .array(z.strictObject({ code: z.enum(["relayer_insufficient_funds", "relayer_missing_role"]), message: z.string() }))
      .meta({ description: "What keeps it from sending the next transaction: less than one transaction's gas, or a registry role its calls need. Empty when it is ready" }),
  })
  .meta({ id: "OperatorKeyHealth" });

export const healthSchema = z
  .strictObject({
    status: z.enum(["ok", "unavailable", "registry_missing", "stalled"]),
    chainId: z.number().int(),
    registry: address,
    blockNumber: z.number().int().nullable(),
    indexedBlock: z.number().int().nullable().optional(),
    reason: z.string().optional(),
    operatorKeys: z
      .array(operatorKeyHealthSchema)
      .optional()
      .meta({
        description:
          "A primary's keys, checked against the chain at most every 10 s; absent on a read replica. A key's problems do not change `status`: reads are still answered, and only the writes that need that key fail",
      }),
  })
  .meta({ id: "Health" });

export const passageSchema = z
  .strictObject({
    kind: z.enum(["title", "subtitle", "paragraph"]),
    index: z.number().int().meta({ description: "0-based position among the body's paragraphs; 0 for the title and the subtitle" }),
    text: z.string().meta({ description: "The passage as the article has it, trimmed; with `chunk`, the chunk of it that holds the quote, quote-normalized" }),
    chunk: z
      .strictObject({
        start: z.number().int().meta({ description: "Where the chunk starts in the quote-normalized passage, in UTF-16 code units" }),
        end: z.number().int().meta({ description: "Where it ends (exclusive)" }),
      })
      .optional()
      .meta({ description: "Present when the passage is longer than 8,000 characters once normalized: `text` is then only the chunk of it the quote was found in or aligned with" }),
  })
  .meta({ id: "Passage" });

export const quoteMatchSchema = z.strictObject({ provenance: provenanceSchema, passage: passageSchema, exactCase: z.boolean() });
export const closestPassageSchema = z.strictObject({
  provenance: provenanceSchema,
  passage: passageSchema,
  similarity: z.number().min(0).max(1),
  diff: z.array(diffPartSchema),
});
export const quoteVerificationSchema = z
  .strictObject({
    quote: z.string().meta({ description: "The quote as compared: normalized" }),
    matches: z.array(quoteMatchSchema),
    closest: closestPassageSchema.nullable(),
  })
  .meta({ id: "QuoteVerification" });

export const bulkPublishResultSchema = z
  .union([
    z.strictObject({ status: z.literal(201), record: provenanceSchema }),
    z.strictObject({ status: z.literal(202), receipt: receiptSchema }),
    z.strictObject({ status: z.number().int().min(400), error: errorBodySchema.shape.error }),
  ])
  .meta({ id: "BulkPublishResult", description: "What POST /v1/articles would have answered for this item: its status and body" });

export const bulkPublishResponseSchema = z
  .strictObject({
    results: z.array(bulkPublishResultSchema).meta({ description: "One per item, in the order sent" }),
    summary: z.strictObject({ accepted: z.number().int(), failed: z.number().int() }),
  })
  .meta({ id: "BulkPublishResponse" });

export const anchoredBatchSchema = z
  .strictObject({
    root: hex(32, "The batch's Merkle root"),
    blockNumber: z.number().int(),
    txHash,
    count: z.number().int().meta({ description: "Leaves the relayer declared" }),
    anchoredAt: timestamp,
    problem: z.string().nullable().meta({ description: "Why the batch's file proves nothing (it does not rebuild the root, say); null for a sound batch" }),
  })
  .meta({ id: "AnchoredBatch" });

export const batchListSchema = z
  .strictObject({
    batches: z.array(anchoredBatchSchema).meta({ description: "In chain order" }),
    next: hex(32, "Pass as ?after= for the next page; null on the last page").nullable(),
  })
  .meta({ id: "BatchList" });

export type ErrorBody = z.infer<typeof errorBodySchema>["error"];
export type AnchoredBatch = z.infer<typeof anchoredBatchSchema>;
export type BatchList = z.infer<typeof batchListSchema>;
export type PublisherView = z.infer<typeof publisherSchema>;
export type DomainCheck = z.infer<typeof domainCheckSchema>;
export type IdentityWarning = z.infer<typeof identityWarningSchema>;
export type PublisherTransaction = z.infer<typeof publisherTransactionSchema>;
export type RetractionView = z.infer<typeof retractionSchema>;
/** The answer to "who published exactly this text, and when?". */
export type Provenance = z.infer<typeof provenanceSchema>;
export type ProvenanceStatus = Provenance["status"];
export type DiffPart = z.infer<typeof diffPartSchema>;
export type DiffGranularity = z.infer<typeof diffGranularitySchema>;
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type ArticleHistory = z.infer<typeof historySchema>;
export type StoredArticleAnswer = z.infer<typeof storedArticleSchema>;
export type RecentArticle = z.infer<typeof recentArticleSchema>;
export type ArticleIdAnswer = z.infer<typeof hashSchema>;
export type DomainAnswer = z.infer<typeof domainSchema>;
export type HealthAnswer = z.infer<typeof healthSchema>;
export type OperatorKeyHealth = z.infer<typeof operatorKeyHealthSchema>;
export type OperatorKeyUse = z.infer<typeof operatorKeyUseSchema>;
/** A piece of an article a reader may quote, in the article's own text. */
export type Passage = z.infer<typeof passageSchema>;
export type PassageKind = Passage["kind"];
export type QuoteMatch = z.infer<typeof quoteMatchSchema>;
export type ClosestPassage = z.infer<typeof closestPassageSchema>;
export type QuoteVerification = z.infer<typeof quoteVerificationSchema>;
/** One item's answer in a bulk publish: what a single POST /v1/articles would have answered. */
export type BulkPublishResult = z.infer<typeof bulkPublishResultSchema>;
export type BulkPublishResponse = z.infer<typeof bulkPublishResponseSchema>;
