import { expect } from "chai";
import fc from "fast-check";
import { canonicalArticle, identifyArticle } from "../../protocol";
import { normalizedArticle } from "./arbitraries";

// The JCS vectors below come from RFC 8785, sections 3.2.2.2, 3.2.3 and 3.2.4. They run through the
// same `canonicalize` package that protocol/contentId.ts loads, loaded the same way.
const canonicalize = (async () => (await import("canonicalize")).default)();

describe("protocol: canonical JSON (RFC 8785)", function () {
  describe("strings", function () {
    it("escapes only quote, backslash and control characters, in lower-case hex", async function () {
      const input = JSON.parse('{"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/"}');
      expect((await canonicalize)(input)).to.equal('{"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
    });

    it("writes non-ASCII characters as themselves, not as escapes", async function () {
      expect((await canonicalize)({ t: "L’été 😀\u00a0\u2028" })).to.equal('{"t":"L’été 😀\u00a0\u2028"}');
    });

    it("refuses a lone surrogate", async function () {
      await expect(canonicalize.then((jcs) => jcs({ t: "\ud800" }))).to.be.rejectedWith(/surrogate/i);
    });
  });

  describe("property order", function () {
    it("sorts keys by UTF-16 code units, not by code points or UTF-8 bytes", async function () {
      const input = JSON.parse(`{
        "\\u20ac": "Euro Sign",
        "\\r": "Carriage Return",
        "\\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\\ud83d\\ude00": "Emoji: Grinning Face",
        "\\u0080": "Control",
        "\\u00f6": "Latin Small Letter O With Diaeresis"
      }`);
      expect((await canonicalize)(input)).to.equal(
        '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
          '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
      );
    });

    it("puts the article fields in the order authors, body, language, publishedAt, subtitle, title, url", async function () {
      const { canonical } = await identifyArticle({
        url: "https://news.example/a",
        title: "T",
        subtitle: "S",
        publishedAt: "2024-06-12T07:00:00Z",
        language: "fr",
        body: "B",
        authors: ["A"],
      });
      expect(canonical).to.equal(
        '{"authors":["A"],"body":"B","language":"fr","publishedAt":"2024-06-12T07:00:00Z",' +
          '"subtitle":"S","title":"T","url":"https://news.example/a"}',
      );
    });
  });

  describe("articles", function () {
    it("are serialized exactly as canonicalize serializes them", async function () {
      const jcs = await canonicalize;
      fc.assert(
        fc.property(normalizedArticle, (article) => {
          expect(canonicalArticle(article)).to.equal(jcs(article));
        }),
        { numRuns: 500 },
      );
    });
  });

  describe("the RFC's complete example", function () {
    it("serializes literals, numbers and strings with no whitespace", async function () {
      const input = JSON.parse(`{
        "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
        "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
        "literals": [null, true, false]
      }`);
      expect((await canonicalize)(input)).to.equal(
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
          '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
      );
    });
  });
});
