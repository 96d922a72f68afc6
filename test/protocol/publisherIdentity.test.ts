import { expect } from "chai";
import fc from "fast-check";
import {
  confusableSkeleton,
  domainToAscii,
  domainToUnicode,
  ActiveIdentities,
  identityIssues,
  identityKeys,
  lookalikeKey,
} from "../../protocol";

describe("protocol: publisher identity rules", function () {
  describe("identityIssues", function () {
    it("passes a plain name and domain, and one in another script", function () {
      expect(identityIssues("Le Quotidien", "quotidien.example")).to.deep.equal([]);
      expect(identityIssues("Ежедневник", "ежедневник.example")).to.deep.equal([]);
    });

    for (const [what, character, rule] of [
      ["a zero-width space (U+200B)", "\u200b", "invisible_character"],
      ["a right-to-left override (U+202E)", "\u202e", "bidi_control"],
      ["a left-to-right mark (U+200E)", "\u200e", "bidi_control"],
      ["a soft hyphen (U+00AD)", "\u00ad", "invisible_character"],
      ["the Hangul filler (U+3164), default-ignorable", "\u3164", "invisible_character"],
      ["a newline", "\n", "control_character"],
      ["a line separator (U+2028)", "\u2028", "control_character"],
      ["DEL", "\u007f", "control_character"],
    ] as const) {
      it(`refuses ${what} in a name or a domain, naming the rule`, function () {
        expect(identityIssues(`Demo${character} Newsroom`, "demo.example")).to.deep.equal([
          { field: "name", rule, message: identityIssues(`Demo${character} Newsroom`, "demo.example")[0]!.message },
        ]);
        expect(identityIssues("Demo Newsroom", `demo${character}.example`).map((issue) => [issue.field, issue.rule])).to.deep.equal([["domain", rule]]);
      });
    }

    it("names the code point in its message", function () {
      expect(identityIssues("Demo\u202eNewsroom", "demo.example")[0]!.message).to.contain("U+202E");
    });

    it("refuses a domain that is not a domain name", function () {
      for (const domain of ["<b>demo</b>.example", "demo example", "demo", "127.0.0.1", "-demo.example", "a..example", "demo_.example", "xn--a.example"]) {
        expect(identityIssues("Demo", domain).map((issue) => issue.rule), domain).to.deep.equal(["not_a_domain_name"]);
      }
    });
  });

  describe("domainToAscii and domainToUnicode", function () {
    it("gives the IDNA ASCII form, lower case, and back the Unicode form", function () {
      expect(domainToAscii("Quotidién.Example")).to.equal("xn--quotidin-h1a.example");
      expect(domainToUnicode("xn--quotidin-h1a.example")).to.equal("quotidién.example");
      expect(domainToAscii("DEMO.example")).to.equal("demo.example");
      // Non-transitional, as browsers and IDNA2008: ß stays itself.
      expect(domainToAscii("straße.example")).to.equal("xn--strae-oqa.example");
    });

    it("is stable: the ASCII form of the ASCII or the Unicode form is the same", function () {
      fc.assert(
        fc.property(fc.stringMatching(/^[a-zà-ÿа-я]{1,12}\.(?:example|test)$/), (domain) => {
          const ascii = domainToAscii(domain);
          if (ascii === undefined) return;
          expect(domainToAscii(ascii)).to.equal(ascii);
          expect(domainToAscii(domainToUnicode(ascii)!)).to.equal(ascii);
        }),
      );
    });
  });

  describe("confusableSkeleton (UTS #39)", function () {
    it("gives lookalikes in other scripts one skeleton", function () {
      // Cyrillic е and о (U+0435, U+043E) in place of Latin e and o.
      expect(confusableSkeleton("D\u0435mo Newsr\u043e\u043em")).to.equal(confusableSkeleton("Demo Newsroom"));
      expect(confusableSkeleton("𝔭𝒶ỿ𝕡𝕒ℓ")).to.equal(confusableSkeleton("paypal"));
      expect(confusableSkeleton("rn")).to.equal(confusableSkeleton("m"));
    });

    it("tells different names apart", function () {
      expect(confusableSkeleton("Le Quotidien")).to.not.equal(confusableSkeleton("Le Monde"));
    });

    it("maps a prototype that has a prototype of its own all the way: the Arabic isolated form of alef with madda", function () {
      expect(confusableSkeleton("\ufe81")).to.equal(confusableSkeleton(confusableSkeleton("\ufe81")));
      expect(confusableSkeleton("\ufe81")).to.equal(confusableSkeleton("l\u0303"));
    });

    it("is idempotent", function () {
      fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 20 }), (text) => confusableSkeleton(confusableSkeleton(text)) === confusableSkeleton(text)));
    });

    it("ignores composition: NFC and NFD texts have one skeleton", function () {
      fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 20 }), (text) => confusableSkeleton(text.normalize("NFC")) === confusableSkeleton(text.normalize("NFD"))));
    });
  });

  describe("lookalikeKey", function () {
    it("ignores case, a digit 0 for an o, and runs of spaces", function () {
      const key = lookalikeKey("Demo Newsroom");
      for (const lookalike of ["DEMO NEWSROOM", "Dem0 Newsroom", "Demo  Newsroom", " Demo\u00a0Newsroom ", "Dеmo Newsroom"]) {
        expect(lookalikeKey(lookalike), lookalike).to.equal(key);
      }
    });
  });

  describe("ActiveIdentities", function () {
    const active = new ActiveIdentities();
    active.add(1, identityKeys({ name: "Demo Newsroom", domain: "demo.example" }));
    active.add(2, identityKeys({ name: "Dеmo Newsroom", domain: "other.example" }));

    it("names the publisher whose domain, in IDNA ASCII form, is the same", function () {
      expect(active.conflicts(identityKeys({ name: "Other", domain: "DEMO.example" }))).to.deep.equal([{ code: "domain_taken_by", publisherId: 1 }]);
    });

    it("names the first publisher whose name or domain looks alike", function () {
      const lookalike = identityKeys({ name: "Dem0 Newsroom", domain: "dеmo.example" });
      expect(lookalike.domainAscii).to.equal("xn--dmo-rdd.example");
      expect(active.conflicts(lookalike)).to.deep.equal([
        { code: "confusable_with", field: "domain", publisherId: 1 },
        { code: "confusable_with", field: "name", publisherId: 1 },
      ]);
    });

    it("finds nothing between distinct identities", function () {
      expect(active.conflicts(identityKeys({ name: "Le Quotidien", domain: "quotidien.example" }))).to.deep.equal([]);
    });
  });
});
