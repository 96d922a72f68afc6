import {
  countWords,
  findQuote,
  normalizeQuote,
  QUOTE_LIMITS,
  type ContentHash,
  type Passage,
  type Provenance,
  type QuoteVerification,
} from "../../protocol";
import { InvalidRequestError } from "../errors";
import type { IndexedPassage, PassageStore } from "../store/passages";
import type { PreparationPool } from "../workers/pool";
import type { ProvenanceService } from "./provenance";

/** At most this many articles are listed as containing a quote, earliest anchored first. */
export const MAX_MATCHES = 50;
/** Below this, the closest passage is too unlike the quote to be worth showing: closest is null. */
export const MIN_SIMILARITY = 0.6;
/** Passages the index ranks first that are aligned with a quote found nowhere. */
const CLOSEST_CANDIDATES = 20;
/** Phrase candidates read to find the matches: articles may hold a quote in several passages. */
const PHRASE_CANDIDATES = 4 * MAX_MATCHES;

export interface QuoteDeps {
  passages: PassageStore;
  provenance: ProvenanceService;
  /** Aligns the closest candidates, on a worker thread. */
  preparation: Pick<PreparationPool, "closestPassage">;
}

/**
 * Answers "does this sentence really come from an anchored article?" from the passage index.
 * Every candidate is a chunk of at most 8,000 characters read with its row, so that matching
 * costs the event loop little however long the articles; aligning, the costly part, runs on a
 * worker.
 */
export class QuoteService {
  constructor(private readonly deps: QuoteDeps) {}

  async verify(text: string): Promise<QuoteVerification> {
    const quote = normalizeQuote(text);
    checkLimits(quote);
    const found = this.matches(quote);
    if (found.length > 0) {
      const matches = await Promise.all(
        found.map(async ({ passage, exactCase }) => ({ ...(await this.describe(passage)), exactCase })),
      );
      return { quote, matches, closest: null };
    }
    const candidates = this.deps.passages.sharingWords(quote, CLOSEST_CANDIDATES);
    const closest =
      candidates.length === 0
        ? undefined
        : await this.deps.preparation.closestPassage({ quote, passages: candidates.map((candidate) => candidate.text), minSimilarity: MIN_SIMILARITY });
    return {
      quote,
      matches: [],
      closest: closest ? { ...(await this.describe(candidates[closest.at]!)), similarity: closest.similarity, diff: closest.diff } : null,
    };
  }

  /** The first passage of each article that contains the quote. */
  private matches(quote: string): { passage: IndexedPassage; exactCase: boolean }[] {
    const byArticle = new Map<ContentHash, { passage: IndexedPassage; exactCase: boolean }>();
    for (const passage of this.deps.passages.withPhrase(quote, PHRASE_CANDIDATES)) {
      if (byArticle.size === MAX_MATCHES) break;
      if (byArticle.has(passage.contentHash)) continue;
      const found = findQuote(passage.text, quote);
      if (found) byArticle.set(passage.contentHash, { passage, ...found });
    }
    return [...byArticle.values()];
  }

  /** The provenance of a passage's article, and the passage as the answer shows it. */
  private async describe({ contentHash, passage }: IndexedPassage): Promise<{ provenance: Provenance; passage: Passage }> {
    return { provenance: await this.deps.provenance.describe(contentHash), passage };
  }
}

function checkLimits(quote: string): void {
  if (quote.length > QUOTE_LIMITS.maxLength) {
    throw new InvalidRequestError({
      code: "quote_too_long",
      message: `a quote may have at most ${QUOTE_LIMITS.maxLength} characters once normalized`,
      details: { length: quote.length, maxLength: QUOTE_LIMITS.maxLength },
    });
  }
  const words = countWords(quote);
  if (words < QUOTE_LIMITS.minWords) {
    throw new InvalidRequestError({
      code: "quote_too_short",
      message: `a quote needs at least ${QUOTE_LIMITS.minWords} words`,
      details: { words, minWords: QUOTE_LIMITS.minWords },
    });
  }
}
