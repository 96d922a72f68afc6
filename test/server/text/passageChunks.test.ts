import { expect } from "chai";
import fc from "fast-check";
import { findQuote, isWordBoundary, normalizeQuote, parseArticle, QUOTE_LIMITS } from "../../../protocol";
import { CHUNK_LENGTH, CHUNK_OVERLAP, chunkBounds, quotableChunks } from "../../../server/text/passageChunks";
import { frenchArticle } from "../../helpers/articles";

/** Pieces of normalized text: words, spaces, punctuation, an astral letter, a letter and its mark, CJK without spaces. */
const piece = fc.constantFrom("mot", "600", "millions", " ", " ", " ", ".", ",", "'", "-", "\u{1d400}", "e\u0301", "東京都", "の", "😀", "Σ");
/** A normalized text of a few chunks' length, built from runs of pieces (long runs give long words and long space-free stretches). */
const longText = fc
  .array(fc.tuple(piece, fc.integer({ min: 1, max: 400 })), { minLength: 50, maxLength: 400 })
  .map((runs) => normalizeQuote(runs.map(([p, n]) => p.repeat(n % 7 === 0 ? n : 1 + (n % 3))).join("")))
  .filter((text) => text.length > CHUNK_LENGTH);

/** Where a quote can match: starts and ends on word boundaries, not on a space, at most the longest quote. */
const isQuotable = (text: string, a: number, b: number) =>
  b > a && b - a <= QUOTE_LIMITS.maxLength && text[a] !== " " && text[b - 1] !== " " && isWordBoundary(text, a) && isWordBoundary(text, b) &&
  !/[\udc00-\udfff]/.test(text[a]!) && !/[\udc00-\udfff]/.test(text[b] ?? "");

describe("text: passage chunks", function () {
  it("keeps a passage of at most CHUNK_LENGTH whole, with the article's own text when normalization changed it", function () {
    const parsed = parseArticle(frenchArticle());
    if (!parsed.success) throw new Error("invalid fixture");
    const chunks = quotableChunks(parsed.article);
    expect(chunks.every((chunk) => chunk.whole && chunk.start === 0 && chunk.end === chunk.text.length)).to.equal(true);
    const withNbsp = chunks.find((chunk) => chunk.original?.includes("\u00a0"))!;
    expect(normalizeQuote(withNbsp.original!)).to.equal(withNbsp.text);
    expect(chunks.filter((chunk) => chunk.original === null).every((chunk) => chunk.text === normalizeQuote(chunk.text))).to.equal(true);
  });

  it("cuts a long paragraph into chunks of at most CHUNK_LENGTH, overlapping, each its slice of the normalized paragraph", function () {
    const paragraph = Array.from({ length: 60_000 }, (_, i) => `mot${i}`).join(" ");
    const parsed = parseArticle({ title: "Long", body: paragraph, publishedAt: "2026-01-01T00:00:00Z" });
    if (!parsed.success) throw new Error("invalid article");
    const chunks = quotableChunks(parsed.article).filter((chunk) => chunk.kind === "paragraph");
    expect(chunks.length).to.be.above(paragraph.length / CHUNK_LENGTH);
    for (const [i, chunk] of chunks.entries()) {
      expect(chunk).to.deep.include({ kind: "paragraph", index: 0, whole: false, original: null });
      expect(chunk.text).to.equal(paragraph.slice(chunk.start, chunk.end));
      expect(chunk.end - chunk.start).to.be.at.most(CHUNK_LENGTH);
      // The cut is a space, which neither chunk holds and no quote starts with.
      if (i > 0) expect(chunks[i - 1]!.end - chunk.start).to.be.at.least(CHUNK_OVERLAP - 1);
    }
    expect(chunks[0]!.start).to.equal(0);
    expect(chunks.at(-1)!.end).to.equal(paragraph.length);
  });

  it("holds every place a quote can match whole in one chunk, where findQuote answers as in the passage", function () {
    fc.assert(
      fc.property(longText, fc.nat(), fc.integer({ min: 1, max: QUOTE_LIMITS.maxLength }), (text, at, length) => {
        const bounds = chunkBounds(text);
        for (const [start, end] of bounds) {
          expect(end - start).to.be.at.most(CHUNK_LENGTH);
          expect(isQuotable(text, start, end) || end - start > QUOTE_LIMITS.maxLength, `chunk [${start}, ${end})`).to.equal(true);
          expect([text[start], text[end - 1]]).to.not.include(" ");
          expect(isWordBoundary(text, start) && isWordBoundary(text, end)).to.equal(true);
        }
        // A quotable stretch near `at`, of about `length`: from a boundary to a boundary.
        let a = at % text.length;
        while (a < text.length && !(text[a] !== " " && isWordBoundary(text, a) && !/[\udc00-\udfff]/.test(text[a]!))) a++;
        let b = Math.min(text.length, a + length);
        while (b > a && !isQuotable(text, a, b)) b--;
        fc.pre(b > a);
        const quote = text.slice(a, b);
        const holding = bounds.filter(([start, end]) => start <= a && b <= end);
        expect(holding, `[${a}, ${b}) in ${JSON.stringify(bounds)}`).to.not.have.length(0);
        for (const [start, end] of holding) expect(findQuote(text.slice(start, end), quote)).to.deep.equal(findQuote(text, quote));
      }),
      { numRuns: 300 },
    );
  });

  it("finds no quote in a chunk that the passage does not hold on word boundaries", function () {
    fc.assert(
      fc.property(longText, fc.nat(), fc.integer({ min: 1, max: 200 }), (text, at, length) => {
        for (const [start, end] of chunkBounds(text)) {
          const chunk = text.slice(start, end);
          const from = at % chunk.length;
          const quote = chunk.slice(from, from + length).trim();
          fc.pre(quote !== "");
          if (findQuote(chunk, quote)) expect(findQuote(text, quote), quote).to.not.equal(undefined);
        }
      }),
      { numRuns: 200 },
    );
  });
});
