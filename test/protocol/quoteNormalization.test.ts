import { expect } from "chai";
import fc from "fast-check";
import { normalizeQuote } from "../../protocol/quoteNormalization";
import { messyText } from "./arbitraries";

/** Characters a copy from a web page swaps for one another, or adds. */
const COPY_PIECES = [
  "'", "\u2018", "\u2019", "\u201a", "\u201b", "\u2032", '"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb",
  "\u00ab\u00a0", "\u202f\u00bb", "-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\u2026", "...",
  "\u00ad", "\u200b", "\u2060", "\ufeff", "e\u00ad\u0301", "\u00a0", "\u202f", "\t", "\r\n", " \n ",
];
const copiedText = fc
  .array(fc.oneof(messyText(3), fc.constantFrom(...COPY_PIECES)), { maxLength: 30 })
  .map((pieces) => pieces.join(""));

describe("text: normalizeQuote", function () {
  it("turns every whitespace run, no-break spaces and line ends included, into one space, and trims", function () {
    expect(normalizeQuote(" \tRUPTURE\u00a0:\r\nMistral\u202flève  une\n\nsérie ")).to.equal("RUPTURE : Mistral lève une série");
  });

  it("composes accents (NFC)", function () {
    expect(normalizeQuote("Fonde\u0301e il y a")).to.equal("Fondée il y a");
  });

  it("writes every apostrophe and single quote as '", function () {
    expect(normalizeQuote("l\u2019IA l\u2018IA l\u201aIA l\u201bIA l\u2032IA l'IA")).to.equal("l'IA l'IA l'IA l'IA l'IA l'IA");
  });

  it('writes every double quote as ", guillemets without their inner spaces', function () {
    expect(normalizeQuote("\u201cThis\u201d \u201eso\u201c \u00ab\u00a0ainsi\u202f\u00bb \u00abici\u00bb")).to.equal('"This" "so" "ainsi" "ici"');
  });

  it("writes every dash as -", function () {
    expect(normalizeQuote("a-b a\u2010b a\u2011b a\u2012b a \u2013 b a \u2014 b \u22125")).to.equal("a-b a-b a-b a-b a - b a - b -5");
  });

  it("writes an ellipsis as three dots", function () {
    expect(normalizeQuote("et puis\u2026 rien")).to.equal("et puis... rien");
  });

  it("drops soft hyphens and zero-width marks, composing what they kept apart", function () {
    expect(normalizeQuote("cryp\u00adto\u200bmonnaie\u2060s \ufeffe\u00ad\u0301")).to.equal("cryptomonnaies \u00e9");
  });

  it("keeps letter case and accents", function () {
    expect(normalizeQuote("Fondée FONDÉE fondee")).to.equal("Fondée FONDÉE fondee");
  });

  it("is idempotent", function () {
    fc.assert(
      fc.property(fc.oneof(copiedText, fc.string({ unit: "binary" })), (text) => {
        const once = normalizeQuote(text);
        expect(normalizeQuote(once)).to.equal(once);
      }),
    );
  });

  it("gives no leading, trailing or double space", function () {
    fc.assert(
      fc.property(copiedText, (text) => {
        expect(normalizeQuote(text)).not.to.match(/^ | $|  /);
      }),
    );
  });

  it("is the same for NFD, CRLF and no-break-space copies of a text", function () {
    fc.assert(
      fc.property(copiedText, (text) => {
        const copy = text.normalize("NFD").replace(/\n/g, "\r\n").replace(/ /g, "\u00a0");
        expect(normalizeQuote(copy)).to.equal(normalizeQuote(text));
      }),
    );
  });
});
