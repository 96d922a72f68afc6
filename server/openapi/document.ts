import { OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { apiRegistry } from "./operations";

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

const DESCRIPTION = `Newsrooms sign their articles; this service anchors their content hashes on an EVM chain and
lets anyone prove who published exactly this text, and when.

Every answer carries an \`X-Request-Id\` header: the caller's own \`X-Request-Id\` when it is a short
token of letters, digits, \`.\`, \`_\` and \`-\`, else a generated one. Every error is
\`{ "error": { "code", "message", "details"?, "requestId" } }\`.`;

/** The OpenAPI 3.1 document of the HTTP API, generated from the schemas its routes validate with. */
export function openApiDocument(): OpenApiDocument {
  return new OpenApiGeneratorV31(apiRegistry().definitions).generateDocument({
    openapi: "3.1.0",
    info: { title: "News provenance API", version: "1", description: DESCRIPTION },
    tags: [
      { name: "verification", description: "Who published exactly this text, and when" },
      { name: "articles", description: "Publication, corrections and retractions" },
      { name: "publishers", description: "Publisher identities and their keys" },
      { name: "batches", description: "What each anchored Merkle batch contains, for mirrors and auditors" },
      { name: "protocol", description: "What a client needs to hash and sign articles itself" },
      { name: "operations", description: "Health, metrics and this documentation" },
    ],
  });
}
