import {
  countWords,
  findQuote,
  normalizeQuote,
  QUOTE_LIMITS,
  type ContentHash,
  type Passage,
  type Provenance,
  type QuoteMatch,
  type QuoteVerification,
} from "../../protocol";
import { InvalidRequestError } from "../errors";
import type { IndexedPassage, PassageStore } from "../store/passages";
import { alignQuote, type QuoteAlignment } from "../text/quoteAlignment";
import { replacement, wordDiff } from "../text/wordDiff";
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
}

/** Answers "does this sentence really come from an anchored article?" from the passage index. */
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
    const closest = this.closest(quote);
    return {
      quote,
      matches: [],
      closest: closest
        ? { ...(await this.describe(closest.passage)), similarity: closest.similarity, diff: wordDiff(closest.stretch, quote, 1_000) ?? replacement(closest.stretch, quote) }
        : null,
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

  /** The best-aligned of the passages the index ranks first, if alike enough. Ties go to the better ranked. */
  private closest(quote: string): (QuoteAlignment & { passage: IndexedPassage }) | undefined {
    let best: (QuoteAlignment & { passage: IndexedPassage }) | undefined;
    for (const passage of this.deps.passages.sharingWords(quote, CLOSEST_CANDIDATES)) {
      const alignment = alignQuote(passage.text, quote, MIN_SIMILARITY);
      if (alignment && alignment.similarity > (best?.similarity ?? 0)) {
        best = { passage, ...alignment };
      }
    }
    return best;
  }

  /** The provenance of a passage's article, and the passage as the article has it. */
  private async describe({ contentHash, original }: IndexedPassage): Promise<{ provenance: Provenance; passage: Passage }> {
    return { provenance: await this.deps.provenance.describe(contentHash), passage: original };
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
