import { expect } from "chai";
import { ALIGNMENT_EDITS, alignQuote } from "../../../server/text/quoteAlignment";

const PASSAGE =
  "Mistral AI, une startup technologique française, a récemment conclu un important tour de table, levant 600 millions d'euros (environ 640 millions de dollars).";

describe("text: alignQuote", function () {
  it("aligns a quote with the stretch of the passage it comes from, one figure changed", function () {
    expect(alignQuote(PASSAGE, "levant 700 millions d'euros (environ 640 millions de dollars).")).to.deep.equal({
      stretch: "levant 600 millions d'euros (environ 640 millions de dollars).",
      // 8 of 9 words shared on each side.
      similarity: 16 / 18,
    });
  });

  it("reads a changed first or last word as a replacement of the passage word there", function () {
    expect(alignQuote(PASSAGE, "700 millions d'euros (environ")?.stretch).to.equal("600 millions d'euros (environ");
    expect(alignQuote(PASSAGE, "tour de table, levant 700")?.stretch).to.equal("tour de table, levant 600");
  });

  it("keeps inside the stretch the words the quote dropped, and scores the words it added", function () {
    expect(alignQuote(PASSAGE, "levant bien 600 millions (environ 640 millions de dollars).")).to.deep.equal({
      stretch: "levant 600 millions d'euros (environ 640 millions de dollars).",
      similarity: 16 / 18,
    });
  });

  it("ignores letter case, keeping the passage's in the stretch", function () {
    expect(alignQuote(PASSAGE, "LEVANT 600 millions")).to.deep.equal({ stretch: "levant 600 millions", similarity: 1 });
  });

  it("finds the stretch in a passage far longer than the quote", function () {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `mot${i}`).join(" ");
    const alignment = alignQuote(`${filler(5_000)} ${PASSAGE} ${filler(5_000)}`, "conclu un important tour de table, levant 700 millions d'euros");
    expect(alignment).to.deep.equal({ stretch: "conclu un important tour de table, levant 600 millions d'euros", similarity: 18 / 20 });
  });

  it("scores an unrelated sentence low, and one with no shared word not at all", function () {
    expect(alignQuote(PASSAGE, "le chat dort sur le canapé de la maison")!.similarity).to.be.below(0.6);
    expect(alignQuote(PASSAGE, "the quick brown fox")).to.equal(undefined);
  });

  it("answers undefined below minSimilarity", function () {
    const quote = "levant 700 millions d'euros";
    expect(alignQuote(PASSAGE, quote, 0.75)).to.deep.equal({ stretch: "levant 600 millions d'euros", similarity: 0.75 });
    expect(alignQuote(PASSAGE, quote, 0.76)).to.equal(undefined);
    // Cut off before any diff: 100 words cannot share enough with a 500-word quote.
    expect(alignQuote(PASSAGE, "de ".repeat(499) + "de", 0.6)).to.equal(undefined);
  });

  describe(`its bound: ${ALIGNMENT_EDITS} words deleted or inserted`, function () {
    const words = (from: number, count: number) => Array.from({ length: count }, (_, i) => `w${from + i}`);

    it("still aligns a quote of 600 words with 20 of them changed, in a passage ten times longer", function () {
      const passage = words(0, 6_000);
      const quote = passage.slice(3_000, 3_600).map((word, i) => (i % 30 === 0 ? `x${word}` : word));
      const alignment = alignQuote(passage.join(" "), quote.join(" "));
      expect(alignment).to.deep.equal({ stretch: passage.slice(3_000, 3_600).join(" "), similarity: 580 / 600 });
    });

    it("gives up on 1,000 words reversed, which share every word and no order", function () {
      const passage = words(0, 1_000);
      expect(alignQuote(passage.join(" "), [...passage].reverse().join(" "))).to.equal(undefined);
      // Well within the bound, the same words reversed align, however unlike.
      const few = words(0, 100);
      expect(alignQuote(few.join(" "), [...few].reverse().join(" "))!.similarity).to.be.below(0.1);
    });
  });
});
