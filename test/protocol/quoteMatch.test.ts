import { expect } from "chai";
import fc from "fast-check";
import { findQuote } from "../../protocol/quoteMatch";
import { normalizeQuote } from "../../protocol/quoteNormalization";

const PASSAGE = "Mistral AI a conclu un tour de table, levant 600 millions d'euros (environ 640 millions de dollars).";

describe("text: findQuote", function () {
  it("finds a quote with the passage's letter case as exact", function () {
    expect(findQuote(PASSAGE, "levant 600 millions")).to.deep.equal({ exactCase: true });
  });

  it("finds a quote in other letter case, reporting it", function () {
    expect(findQuote(PASSAGE, "LEVANT 600 MILLIONS d'euros")).to.deep.equal({ exactCase: false });
  });

  it("does not find a quote that starts or ends inside a word", function () {
    expect(findQuote(PASSAGE, "0 millions d'euros")).to.equal(undefined);
    expect(findQuote(PASSAGE, "tour de tab")).to.equal(undefined);
  });

  it("finds a quote that starts or ends with punctuation next to a word", function () {
    expect(findQuote(PASSAGE, "(environ 640 millions de dollars).")).to.deep.equal({ exactCase: true });
    expect(findQuote(PASSAGE, "'euros (environ 640")).to.deep.equal({ exactCase: true });
  });

  it("looks past an occurrence inside a word for one on word boundaries", function () {
    expect(findQuote("1640 millions, puis 640 millions de dollars", "640 millions de")).to.deep.equal({ exactCase: true });
  });

  it("does not find other accents or other words", function () {
    expect(findQuote("Fondée il y a un an", "Fondee il y")).to.equal(undefined);
    expect(findQuote(PASSAGE, "levant 700 millions")).to.equal(undefined);
  });

  it("finds every run of three or more whole words of a passage", function () {
    const word = fc.constantFrom("Le", "le", "600", "millions", "d'euros", "(environ", "dollars).", "-", "Fondée", "été", "l'IA", "Σίσυφος");
    fc.assert(
      fc.property(fc.array(word, { minLength: 3, maxLength: 40 }), fc.nat(), fc.nat(), (words, a, b) => {
        const passage = normalizeQuote(words.join(" "));
        const tokens = passage.split(" ");
        const start = a % (tokens.length - 2);
        const end = start + 3 + (b % (tokens.length - start - 2));
        expect(findQuote(passage, tokens.slice(start, end).join(" "))).to.deep.equal({ exactCase: true });
      }),
    );
  });
});
