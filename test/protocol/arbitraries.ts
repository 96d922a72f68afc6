import fc from "fast-check";
import { parseArticle, type ArticleInput, type ArticleParseResult, type NormalizedArticle } from "../../protocol";

// Pieces that exercise normalization: composed and decomposed accents, characters whose NFC form
// differs in length (U+212B, U+0958, Hangul jamo), typographic apostrophes, every kind of space and
// line end, and an astral character.
const PIECES = [
  "a", "Z", "600", "millions", "é", "e\u0301", "\u212b", "\u0958", "\u1100\u1161", "’", "😀", "ﬁ",
  " ", "  ", "\t", "\u00a0", "\u202f", "\u3000", "\n", "\r\n", "\r", "\n\n",
];

/** Text that often differs from its normalized form, with arbitrary Unicode mixed in. */
export const messyText = (maxPieces = 12) =>
  fc
    .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: "binary", maxLength: 4 })), { maxLength: maxPieces })
    .map((pieces) => pieces.join(""));

const padding = fc.constantFrom("", " ", "\t", "\u00a0", "\n", " \u3000\r\n");
const padded = (core: fc.Arbitrary<string>) =>
  fc.tuple(padding, core, padding).map(([before, text, after]) => before + text + after);

const publishedAt = fc
  .tuple(
    fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }),
    fc.constantFrom("Z", "+02:00", "-05:30"),
  )
  .map(([date, offset]) => date.toISOString().replace(/\.\d{3}Z$/, offset));

/** An article as a newsroom might submit it: padded, in any normal form, with any line ends. */
export const articleInput: fc.Arbitrary<ArticleInput> = fc.record(
  {
    title: padded(fc.constantFrom("Titre", "L’été", "E\u0301te\u0301")).chain((title) =>
      messyText(4).map((extra) => title + extra),
    ),
    subtitle: messyText(6),
    body: messyText(40),
    authors: fc.array(padded(fc.constantFrom("Ana", "José", "Jose\u0301", "Zoë Ng")), { maxLength: 3 }),
    publishedAt: padded(publishedAt),
    language: padded(fc.constantFrom("fr", "fr-FR", "en-GB", "zh-Hant-TW")),
    url: padded(fc.constantFrom("https://news.example/a", "https://news.example/été?x=1")),
  },
  { requiredKeys: ["title", "body", "publishedAt"] },
);

/** The normalized form of an article input that the protocol accepts. */
export const normalizedArticle: fc.Arbitrary<NormalizedArticle> = articleInput
  .map(parseArticle)
  .filter((result): result is Extract<ArticleParseResult, { success: true }> => result.success)
  .map((result) => result.article);
