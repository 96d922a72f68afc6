import { OpenAPIRegistry, type ResponseConfig, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import {
  articleEnvelopeSchema,
  articleIdentifierSchema,
  bulkPublishDocument,
  listLimitSchema,
  publishQuerySchema,
  publishRequestSchema,
  publisherAddressSchema,
  quoteRequestSchema,
  registerPublisherRequestSchema,
  retractRequestSchema,
  rotateKeyRequestSchema,
  receiptSchema,
  batchFileSchema,
  batchListQuerySchema,
  batchListSchema,
  batchRootSchema,
  bulkPublishResponseSchema,
  domainSchema,
  errorBodySchema,
  hashSchema,
  healthSchema,
  historySchema,
  provenanceSchema,
  publisherTransactionSchema,
  publishersSchema,
  publisherSchema,
  quoteVerificationSchema,
  recentArticlesSchema,
  storedArticleSchema,
} from "../../protocol";
import { WRITE_ROUTES } from "../middleware/readOnly";

// Every operation the HTTP API serves, with the request schemas its routes validate with. A test
// compares this list with the app's routes: a route missing here fails it.

const ADMIN = "adminToken";

const requestIdHeader = {
  "X-Request-Id": { description: "This request's id: the caller's X-Request-Id when it is a safe token, else generated", schema: { type: "string" as const } },
};

const json = (description: string, schema: z.ZodType): ResponseConfig => ({
  description,
  headers: requestIdHeader,
  content: { "application/json": { schema } },
});
const error = (codes: string) => json(`Error: ${codes}`, errorBodySchema);
const jsonBody = (schema: z.ZodType) => ({ required: true, content: { "application/json": { schema } } });

// The parameters' descriptions; their rules are the route's own schemas.
const articleIdentifier = articleIdentifierSchema.meta({ description: "An article CID (bagaaiera…) or its 0x-prefixed content hash" });
const cidParam = z.object({ cid: articleIdentifier });
const addressParam = z.object({
  address: publisherAddressSchema.meta({ description: "Any key the publisher identity ever had" }),
});

const answers = {
  invalid: error("`invalid_request` (an article's issues name their protocol rule in `details.issues[].rule`), `duplicate_key`, `malformed_json`"),
  identifier: error("`invalid_request`, `invalid_identifier`"),
  unauthorized: error("`unauthorized`: missing or wrong admin token"),
  notFound: error("`not_found`"),
  tooLarge: error("`payload_too_large`"),
  unsupported: error("`unsupported_media_type`"),
  chain: error("`chain_unavailable`, `registry_unavailable`"),
  // A write route's 503: the chain, or the operator's key that would send the transaction.
  write: error("`chain_unavailable`, `registry_unavailable`, `relayer_insufficient_funds`, `relayer_missing_role`"),
  other: error("Any other error, e.g. `internal_error`"),
} as const;
/** What a request with an article in its body may be refused for. */
const articleBodyErrors = { 400: answers.invalid, 413: answers.tooLarge, 415: answers.unsupported };

const operations: RouteConfig[] = [
  {
    method: "get",
    path: "/healthz",
    operationId: "getHealth",
    tags: ["operations"],
    summary: "Whether the chain is reachable, and how far the index has read it",
    responses: {
      200: json("The chain is reachable", healthSchema),
      503: json(
        "The chain cannot be reached (`unavailable`), the registry is gone from it (`registry_missing`), or the index waits for a batch file no source has (`stalled`)",
        healthSchema,
      ),
    },
  },
  {
    method: "get",
    path: "/livez",
    operationId: "getLiveness",
    tags: ["operations"],
    summary: "Whether the process answers (does not ask the chain)",
    responses: { 200: json("The process is alive", z.object({ status: z.literal("ok") })) },
  },
  {
    method: "get",
    path: "/v1/receipts/{cid}",
    operationId: "getReceipt",
    tags: ["articles"],
    summary: "A self-contained receipt: the relayer's signed promise while pending, the proof once anchored",
    description: "Format `newsprov-receipt-v2` (docs/protocol.md, \"Receipts\"). Check it with `newsprov verify-receipt` and any JSON-RPC endpoint.",
    request: { params: cidParam },
    responses: { 200: json("The receipt", receiptSchema), 400: answers.identifier, 404: error("`article_not_anchored`, `not_found`") },
  },
  {
    method: "get",
    path: "/v1/batches",
    operationId: "listBatches",
    tags: ["batches"],
    summary: "The batches the registry anchored, in chain order: what a mirror copies",
    request: { query: batchListQuerySchema },
    responses: { 200: json("A page of anchored batches", batchListSchema), 400: answers.invalid, 404: error("`not_found`: `after` names no anchored batch") },
  },
  {
    method: "get",
    path: "/v1/batches/{root}",
    operationId: "getBatchFile",
    tags: ["batches"],
    summary: "A batch's file: its leaves, from which anyone rebuilds its root (newsprov-batch-v1)",
    description: "Immutable: `Cache-Control: public, max-age=31536000, immutable`. Check it against the registry's `BatchAnchored` event (docs/protocol.md, \"Batch files\").",
    request: { params: z.object({ root: batchRootSchema }) },
    responses: { 200: json("The batch file", batchFileSchema), 400: answers.invalid, 404: answers.notFound },
  },
  {
    method: "get",
    path: "/metrics",
    operationId: "getMetrics",
    tags: ["operations"],
    summary: "Prometheus metrics",
    responses: {
      200: { description: "Prometheus text format", content: { "text/plain": { schema: z.string() } } },
    },
  },
  {
    method: "get",
    path: "/openapi.json",
    operationId: "getOpenApi",
    tags: ["operations"],
    summary: "This document",
    responses: { 200: json("The OpenAPI 3.1 document of this API", z.record(z.string(), z.unknown())) },
  },
  {
    method: "get",
    path: "/docs",
    operationId: "getDocs",
    tags: ["operations"],
    summary: "Interactive documentation of this API (Swagger UI)",
    responses: {
      200: { description: "The documentation page", content: { "text/html": { schema: z.string() } } },
      301: { description: "Redirects /docs to /docs/, where the page's assets resolve" },
    },
  },
  {
    method: "get",
    path: "/v1/domain",
    operationId: "getSigningDomain",
    tags: ["protocol"],
    summary: "The EIP-712 domain and types a publisher signs with",
    responses: { 200: json("Everything a client needs to sign a publication", domainSchema) },
  },
  {
    method: "post",
    path: "/v1/hash",
    operationId: "hashArticle",
    tags: ["protocol"],
    summary: "The CID, content hash and canonical JSON of an article; nothing is stored",
    request: { body: jsonBody(articleEnvelopeSchema) },
    responses: { 200: json("The article's protocol v1 identity", hashSchema), ...articleBodyErrors },
  },
  {
    method: "post",
    path: "/v1/articles",
    operationId: "publishArticle",
    tags: ["articles"],
    summary: "Anchors a publisher-signed article on chain",
    description:
      "`signature` is the publisher's EIP-712 `Publication(contentHash, previous)` under `GET /v1/domain`. " +
      "`previous`: CID or content hash of the version this one corrects. `publisher`: only for contract (ERC-1271) publishers.",
    request: { body: jsonBody(publishRequestSchema), query: publishQuerySchema },
    responses: {
      201: json("Anchored: the chain-confirmed provenance record", provenanceSchema),
      202: json("Batch mode with `?wait=false`: accepted; the relayer's signed pending receipt", receiptSchema),
      400: answers.identifier,
      403: error("`invalid_signature`, `publisher_not_active`, `previous_from_another_publisher`"),
      409: error(
        "`article_already_anchored` (`details.record` is the record), `article_pending` (batch mode: `details.receipt` is the waiting publication's), `previous_already_superseded`, `previous_retracted`",
      ),
      413: answers.tooLarge,
      415: answers.unsupported,
      422: error("`previous_not_anchored`"),
      503: answers.chain,
    },
  },
  {
    method: "post",
    path: "/v1/articles/bulk",
    operationId: "publishArticles",
    tags: ["articles"],
    summary: "Publishes up to 1,000 signed articles in one request",
    description:
      "Each item is what `POST /v1/articles` takes, and is validated, checked and recorded on its own: its result is what " +
      "that endpoint would have answered (status and body), in the order sent. One bad item fails alone. In batch mode the " +
      "items share Merkle batches; with `?wait=false` accepted items answer 202 with their pending receipts at once. " +
      "The write rate limit counts one request, whatever its items.",
    request: { body: jsonBody(bulkPublishDocument), query: publishQuerySchema },
    responses: {
      200: json("One result per item", bulkPublishResponseSchema),
      400: error("`invalid_request`: not `{ items: [...] }` with 1 to 1,000 items"),
      413: answers.tooLarge,
      415: answers.unsupported,
    },
  },
  {
    method: "get",
    path: "/v1/articles/{cid}",
    operationId: "getArticle",
    tags: ["articles"],
    summary: "A stored article, its signature and its provenance",
    request: { params: cidParam },
    responses: { 200: json("The stored normalized article", storedArticleSchema), 400: answers.identifier, 404: error("`not_found`: this service does not hold its text") },
  },
  {
    method: "get",
    path: "/v1/articles/{cid}/history",
    operationId: "getArticleHistory",
    tags: ["articles"],
    summary: "Every version of the article, oldest first, each with its word-level changes",
    request: { params: cidParam },
    responses: { 200: json("The article's versions", historySchema), 400: answers.identifier, 404: error("`article_not_anchored`") },
  },
  {
    method: "post",
    path: "/v1/articles/{cid}/retraction",
    operationId: "retractArticle",
    tags: ["articles"],
    summary: "Relays the publisher's signed retraction",
    description: "The publisher's current key signs `Retraction(contentHash, reason)`; the registry checks it.",
    request: { params: cidParam, body: jsonBody(retractRequestSchema) },
    responses: {
      200: json("The provenance record, now `status: retracted`", provenanceSchema),
      400: answers.identifier,
      403: error("`invalid_signature`, `publisher_revoked`"),
      404: error("`article_not_anchored`"),
      409: error("`article_already_retracted`"),
      503: answers.chain,
    },
  },
  {
    method: "get",
    path: "/v1/verify/{id}",
    operationId: "verifyById",
    tags: ["verification"],
    summary: "The provenance record of a CID or content hash",
    request: { params: z.object({ id: articleIdentifier }) },
    responses: {
      200: json("The provenance record; `status: unknown` when the chain has no record", provenanceSchema),
      400: answers.identifier,
      503: answers.chain,
    },
  },
  {
    method: "post",
    path: "/v1/verify",
    operationId: "verifyArticle",
    tags: ["verification"],
    summary: "The provenance record of an article's content",
    request: { body: jsonBody(articleEnvelopeSchema) },
    responses: { 200: json("The provenance record of exactly this text", provenanceSchema), ...articleBodyErrors, 503: answers.chain },
  },
  {
    method: "post",
    path: "/v1/verify/quote",
    operationId: "verifyQuote",
    tags: ["verification"],
    summary: "The anchored articles that contain a quote, or the closest anchored passage",
    request: { body: jsonBody(quoteRequestSchema) },
    responses: {
      200: json("The articles containing the quote", quoteVerificationSchema),
      400: error("`invalid_request`, `quote_too_short`, `quote_too_long`"),
      503: answers.chain,
    },
  },
  {
    method: "post",
    path: "/v1/publishers",
    operationId: "registerPublisher",
    tags: ["publishers"],
    summary: "Registers a publisher on chain (registrar only)",
    security: [{ [ADMIN]: [] }],
    request: { body: jsonBody(registerPublisherRequestSchema) },
    responses: {
      201: json("The registered publisher and the transaction", publisherTransactionSchema),
      400: error("`invalid_request`, or `publisher_invalid_name`: a control, bidi or invisible character, or a domain that is not a domain name"),
      401: answers.unauthorized,
      409: error("`publisher_already_registered`, `publisher_domain_taken` or `publisher_confusable`"),
      503: answers.chain,
    },
  },
  {
    method: "get",
    path: "/v1/publishers",
    operationId: "listPublishers",
    tags: ["publishers"],
    summary: "Every publisher the registry knows",
    responses: { 200: json("The publishers", publishersSchema) },
  },
  {
    method: "get",
    path: "/v1/publishers/{address}",
    operationId: "getPublisher",
    tags: ["publishers"],
    summary: "A publisher identity, by any key it ever had",
    request: { params: addressParam },
    responses: { 200: json("The publisher; `address` is its current key", publisherSchema), 400: answers.invalid, 404: answers.notFound },
  },
  {
    method: "get",
    path: "/v1/publishers/{address}/articles",
    operationId: "listPublisherArticles",
    tags: ["publishers"],
    summary: "A publisher's most recently anchored articles, newest first",
    request: { params: addressParam, query: z.object({ limit: listLimitSchema }) },
    responses: { 200: json("The articles", recentArticlesSchema), 400: answers.invalid, 404: answers.notFound },
  },
  {
    method: "post",
    path: "/v1/publishers/{address}/domain-check",
    operationId: "checkPublisherDomain",
    tags: ["publishers"],
    summary: "Fetches the publisher's /.well-known/newsprov.json now and records whether it lists the current key (open to anyone)",
    request: { params: addressParam },
    responses: {
      200: json("The publisher, with the new `domainCheck`", publisherSchema),
      400: answers.invalid,
      404: answers.notFound,
      429: error("`domain_check_too_soon` (this publisher was checked less than a cooldown ago; `Retry-After`), or `rate_limited`"),
    },
  },
  {
    method: "post",
    path: "/v1/publishers/{address}/revocation",
    operationId: "revokePublisher",
    tags: ["publishers"],
    summary: "Revokes a publisher identity (registrar only); articles anchored before stay verified",
    security: [{ [ADMIN]: [] }],
    request: { params: addressParam },
    responses: {
      200: json("The revoked publisher and the transaction", publisherTransactionSchema),
      400: answers.invalid,
      401: answers.unauthorized,
      404: answers.notFound,
      409: error("`publisher_already_revoked`"),
      503: answers.chain,
    },
  },
  {
    method: "post",
    path: "/v1/publishers/{address}/rotation",
    operationId: "rotatePublisherKey",
    tags: ["publishers"],
    summary: "Moves a publisher identity to a new key",
    description:
      "Either the admin token (registrar), or `signature`: the current key's `KeyRotation(publisherId, newKey, keyRotationNonce)`.",
    security: [{}, { [ADMIN]: [] }],
    request: { params: addressParam, body: jsonBody(rotateKeyRequestSchema) },
    responses: {
      200: json("The publisher under its new key, and the transaction", publisherTransactionSchema),
      400: answers.invalid,
      401: answers.unauthorized,
      403: error("`invalid_signature`, `publisher_revoked`"),
      404: answers.notFound,
      409: error("`publisher_already_registered`: the new key already belongs to a publisher"),
      503: answers.chain,
    },
  },
];

/** The API's operations and named schemas, ready for a generator. */
export function apiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", ADMIN, {
    type: "http",
    scheme: "bearer",
    description: "The service's ADMIN_TOKEN: registrars only",
  });
  for (const operation of operations) {
    const responses: Record<string, ResponseConfig> = { ...operation.responses, default: answers.other };
    if (operation.method === "post" && (WRITE_ROUTES as readonly string[]).includes(operation.path.replace(/\{(\w+)\}/g, ":$1"))) {
      // Every write route: what a read replica answers, and what the sending key may lack.
      const forbidden = responses["403"]?.description?.replace(/^Error: /, "");
      responses[403] = error(forbidden ? `${forbidden}, \`read_only\` (a read replica)` : "`read_only` (a read replica)");
      responses[503] = answers.write;
    }
    registry.registerPath({ ...operation, responses });
  }
  return registry;
}
