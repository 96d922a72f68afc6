import type { Hex } from "../server/protocol";
import type { Provenance } from "../server/services/provenance";
import type { DiffPart } from "../server/text/wordDiff";

// The answers of the service's HTTP API (docs/api.md). The CLI ships with the service, so it reads
// them with the service's own types: a change of shape fails the type check, not a user's command.
export type { Provenance, PublisherView } from "../server/services/provenance";
export type { ArticleHistory } from "../server/services/history";
export type { DiffPart } from "../server/text/wordDiff";
export type { BulkPublishResult } from "../server/routes/articles";

export interface Passage {
  text: string;
  index: number;
  kind: string;
}

/** POST /v1/verify/quote. */
export interface QuoteAnswer {
  /** The quote as the service compared it (normalized). */
  quote: string;
  /** `exactCase` is false when only the letter case differs. */
  matches: { provenance: Provenance; passage: Passage; exactCase?: boolean }[];
  /** `diff` goes from the passage (delete: as published) to the quote (insert: as quoted). */
  closest: null | { provenance: Provenance; passage: Passage; diff: DiffPart[]; similarity?: number };
}

/** GET /v1/domain. */
export interface DomainAnswer {
  domain: { name: string; version: string; chainId: number; verifyingContract: Hex };
  primaryType: string;
}

export interface ErrorAnswer {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
