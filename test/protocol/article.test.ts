import { expect } from "chai";
import { ARTICLE_LIMITS, normalizeBody, parseArticle, type ArticleRule, type NormalizedArticle } from "../../protocol";

const BASE = { title: "Title", body: "Body", publishedAt: "2024-06-12T07:00:00Z" } as const;

/** The normalized article, failing the test with the issues when the input is refused. */
function accepted(input: unknown): NormalizedArticle {
  const result = parseArticle(input);
  if (!result.success) expect.fail(`refused: ${JSON.stringify(result.issues)}`);
  return result.article;
}

/** The path and rule of each issue that refused the input, failing the test when it was accepted. */
function refusedAt(input: unknown): [PropertyKey[], ArticleRule][] {
  const result = parseArticle(input);
  if (result.success) expect.fail(`accepted: ${JSON.stringify(result.article)}`);
  return result.issues.map((issue) => [issue.path, issue.rule]);
}

describe("protocol: article", function () {
  describe("normalizeBody", function () {
    it("turns CRLF and lone CR into LF", function () {
      expect(normalizeBody("a\r\nb\rc\nd")).to.equal("a\nb\nc\nd");
      expect(normalizeBody("a\r\r\nb")).to.equal("a\n\nb");
    });

    it("removes trailing spaces and tabs from every line", function () {
      expect(normalizeBody("a \t \nb\t\nc  \r\nd ")).to.equal("a\nb\nc\nd");
    });

    it("keeps a trailing no-break space and other Unicode spaces", function () {
      expect(normalizeBody("vision\u00a0\nfin\u2009\nx\u3000")).to.equal("vision\u00a0\nfin\u2009\nx\u3000");
    });

    it("returns a body that already follows the line rules as it is, in NFC", function () {
      expect(normalizeBody("Cafe\u0301 \u00a0ouvert\n\n  b\tc")).to.equal("Caf\u00e9 \u00a0ouvert\n\n  b\tc");
    });

    it("keeps leading indentation and inner spaces", function () {
      expect(normalizeBody("a\n  • b\n\tc  d")).to.equal("a\n  • b\n\tc  d");
    });

    it("removes leading and trailing blank lines, also those made of spaces and tabs", function () {
      expect(normalizeBody("\n \n\t\r\na\n\nb\n  \n\n")).to.equal("a\n\nb");
    });

    it("keeps inner blank lines as they are", function () {
      expect(normalizeBody("a\n\n\n\nb")).to.equal("a\n\n\n\nb");
    });

    it("does not count a line of no-break spaces as blank", function () {
      expect(normalizeBody("\u00a0\na")).to.equal("\u00a0\na");
    });

    it("composes to NFC", function () {
      expect(normalizeBody("e\u0301te\u0301 \u212b")).to.equal("\u00e9t\u00e9 \u00c5");
    });

    it("handles a long run of inner spaces in linear time", function () {
      this.timeout(1_000);
      expect(normalizeBody(`${" ".repeat(200_000)}x`)).to.have.length(200_001);
    });
  });

  describe("parseArticle", function () {
    describe("when the article is well formed", function () {
      it("returns the normalized article", function () {
        expect(accepted({ ...BASE, body: "\r\n Line one  \r\nLine two\t\r\n\r\n" })).to.deep.equal({
          ...BASE,
          body: " Line one\nLine two",
        });
      });

      it("trims every field but the body, no-break spaces and line ends included", function () {
        const padded = (value: string) => `\u00a0 \t\n${value}\u3000\u00a0\r\n`;
        expect(
          accepted({
            title: padded("L’intersection"),
            subtitle: padded("Un aperçu"),
            body: "Body",
            authors: [padded("Ana"), padded("Bo")],
            publishedAt: padded(BASE.publishedAt),
            language: padded("fr"),
            url: padded("https://news.example/a"),
          }),
        ).to.deep.equal({
          title: "L’intersection",
          subtitle: "Un aperçu",
          body: "Body",
          authors: ["Ana", "Bo"],
          publishedAt: BASE.publishedAt,
          language: "fr",
          url: "https://news.example/a",
        });
      });

      it("keeps spaces inside a title as they are", function () {
        expect(accepted({ ...BASE, title: "A  b\u00a0:\tc" }).title).to.equal("A  b\u00a0:\tc");
      });

      it("composes every field to NFC", function () {
        const article = accepted({ ...BASE, title: "E\u0301te\u0301", authors: ["Jose\u0301"], subtitle: "\u212b" });
        expect(article).to.include({ title: "\u00c9t\u00e9", subtitle: "\u00c5" });
        expect(article.authors).to.deep.equal(["Jos\u00e9"]);
      });

      it("omits optional fields that are empty after normalization", function () {
        expect(
          accepted({ ...BASE, subtitle: " \u00a0 ", authors: [], language: "", url: "\t" }),
        ).to.deep.equal(BASE);
      });

      it("accepts a surrogate pair", function () {
        expect(accepted({ ...BASE, title: "Fusée 🚀" }).title).to.equal("Fusée 🚀");
      });

      for (const publishedAt of ["2024-06-12T09:00:00+02:00", "2024-06-12T07:00:00.123Z", "2024-02-29T23:59:59-05:30"]) {
        it(`accepts the RFC 3339 date-time ${publishedAt}`, function () {
          expect(accepted({ ...BASE, publishedAt }).publishedAt).to.equal(publishedAt);
        });
      }

      for (const language of ["fr", "fr-FR", "zh-Hant-TW", "es-419"]) {
        it(`accepts the language tag ${language}, unchanged`, function () {
          expect(accepted({ ...BASE, language }).language).to.equal(language);
        });
      }
    });

    describe("when a field is missing, empty or unknown", function () {
      for (const field of ["title", "body", "publishedAt"] as const) {
        it(`refuses an article without ${field}`, function () {
          const { [field]: _omitted, ...rest } = BASE;
          expect(refusedAt(rest)).to.deep.equal([[[field], "missing_member"]]);
        });
      }

      it("refuses a title or a body that is blank", function () {
        expect(refusedAt({ ...BASE, title: " \u00a0" })).to.deep.equal([[["title"], "title_empty"]]);
        expect(refusedAt({ ...BASE, body: "\r\n \t\n" })).to.deep.equal([[["body"], "body_empty"]]);
      });

      it("refuses an empty author entry instead of dropping it", function () {
        expect(refusedAt({ ...BASE, authors: ["Ana", ""] })).to.deep.equal([[["authors", 1], "author_empty"]]);
        expect(refusedAt({ ...BASE, authors: [" \u00a0"] })).to.deep.equal([[["authors", 0], "author_empty"]]);
      });

      it("refuses an unknown field", function () {
        expect(refusedAt({ ...BASE, author: "Ana" })).to.deep.equal([[["author"], "unknown_member"]]);
      });

      it("refuses null for an optional field", function () {
        expect(refusedAt({ ...BASE, subtitle: null })).to.deep.equal([[["subtitle"], "null_member"]]);
      });

      it("refuses a field of the wrong type", function () {
        expect(refusedAt({ ...BASE, authors: "Ana" })).to.deep.equal([[["authors"], "member_type"]]);
        expect(refusedAt({ ...BASE, title: 42 })).to.deep.equal([[["title"], "member_type"]]);
        expect(refusedAt({ ...BASE, authors: ["Ana", 7] })).to.deep.equal([[["authors", 1], "member_type"]]);
      });

      it("refuses what is not an object", function () {
        for (const input of [null, "article", [BASE]]) expect(refusedAt(input)).to.deep.equal([[[], "article_type"]]);
      });
    });

    describe("when a string holds a lone surrogate", function () {
      it("refuses it in any field", function () {
        expect(refusedAt({ ...BASE, title: "a\ud800" })).to.deep.equal([[["title"], "lone_surrogate"]]);
        expect(refusedAt({ ...BASE, body: "\udc00b" })).to.deep.equal([[["body"], "lone_surrogate"]]);
        expect(refusedAt({ ...BASE, authors: ["\ud83d"] })).to.deep.equal([[["authors", 0], "lone_surrogate"]]);
      });
    });

    describe("when publishedAt is not an RFC 3339 date-time with offset", function () {
      for (const publishedAt of [
        "2024-06-12",
        "2024-06-12T07:00:00",
        "2024-06-12 07:00:00Z",
        "2024-06-12T07:00Z",
        "2024-02-30T07:00:00Z",
        "2024-06-12T07:00:00+0200",
        "12 juin 2024",
      ]) {
        it(`refuses ${publishedAt}`, function () {
          expect(refusedAt({ ...BASE, publishedAt })).to.deep.equal([[["publishedAt"], "published_at_format"]]);
        });
      }
    });

    describe("when language is not a BCP 47 tag", function () {
      for (const language of ["en_US", "français", "f", "123", "fr-", "zh-yue", "x-foo"]) {
        it(`refuses ${language}`, function () {
          expect(refusedAt({ ...BASE, language })).to.deep.equal([[["language"], "language_tag"]]);
        });
      }
    });

    describe("url", function () {
      it("keeps a URL exactly as written, not in the parser's canonical form", function () {
        const url = "HTTPS://News.Example:443/a b/../été";
        expect(accepted({ ...BASE, url }).url).to.equal(url);
      });

      it("refuses a relative URL", function () {
        expect(refusedAt({ ...BASE, url: "news.example/a" })).to.deep.equal([[["url"], "url_absolute"]]);
      });

      // The URL parser would silently drop these, so the link would differ from the hashed string.
      for (const url of ["https://news.example/a\tb", "https://exa\nmple.com/x", "\u0001https://news.example/"]) {
        it(`refuses the control character in ${JSON.stringify(url)}`, function () {
          expect(refusedAt({ ...BASE, url })).to.deep.equal([[["url"], "url_control_character"]]);
        });
      }
    });

    describe("limits", function () {
      const longest = {
        title: "t".repeat(ARTICLE_LIMITS.title),
        subtitle: "s".repeat(ARTICLE_LIMITS.subtitle),
        body: "b".repeat(ARTICLE_LIMITS.body),
        authors: Array.from({ length: ARTICLE_LIMITS.authors }, () => "a".repeat(ARTICLE_LIMITS.author)),
        publishedAt: `2024-06-12T07:00:00.${"0".repeat(ARTICLE_LIMITS.publishedAt - 21)}Z`,
        language: `en-x-${"abcdefgh-".repeat(3)}abc`,
        url: `https://news.example/${"a".repeat(ARTICLE_LIMITS.url - 21)}`,
      };

      it("accepts every field at its limit", function () {
        for (const [field, value] of Object.entries(longest)) {
          if (typeof value === "string") expect(value, field).to.have.length(ARTICLE_LIMITS[field as keyof typeof longest]);
        }
        expect(accepted(longest)).to.deep.equal(longest);
      });

      const oneTooLong = {
        title: `${longest.title}t`,
        subtitle: `${longest.subtitle}s`,
        body: `${longest.body}b`,
        publishedAt: `2024-06-12T07:00:00.${"0".repeat(ARTICLE_LIMITS.publishedAt - 20)}Z`,
        language: `${longest.language}d`,
        url: `${longest.url}a`,
      };
      const rules: Record<keyof typeof oneTooLong, ArticleRule> = {
        title: "title_limit",
        subtitle: "subtitle_limit",
        body: "body_limit",
        publishedAt: "published_at_limit",
        language: "language_limit",
        url: "url_limit",
      };
      for (const [field, value] of Object.entries(oneTooLong)) {
        it(`refuses a ${field} one code unit too long`, function () {
          expect(refusedAt({ ...longest, [field]: value })).to.deep.equal([[[field], rules[field as keyof typeof oneTooLong]]]);
        });
      }

      // 501 U+1F600 are 501 code points but 1,002 code units: zod's max() counted the former.
      for (const [field, value, rule] of [
        ["title", "\u{1f600}".repeat(501), "title_limit"],
        ["subtitle", "\u{1f600}".repeat(1_001), "subtitle_limit"],
        ["body", `${"a".repeat(ARTICLE_LIMITS.body - 1)}\u{1f600}`, "body_limit"],
        ["url", `https://news.example/${"a".repeat(ARTICLE_LIMITS.url - 22)}\u{1f600}`, "url_limit"],
      ] as const) {
        it(`counts an astral character in a ${field} as two code units`, function () {
          expect(refusedAt({ ...BASE, [field]: value })).to.deep.equal([[[field], rule]]);
          expect(accepted({ ...BASE, [field]: value.slice(0, -2) })).to.have.property(field);
        });
      }

      it("counts an astral character in an author as two code units", function () {
        expect(refusedAt({ ...BASE, authors: ["\u{1f600}".repeat(151)] })).to.deep.equal([[["authors", 0], "author_limit"]]);
        expect(accepted({ ...BASE, authors: ["\u{1f600}".repeat(150)] }).authors).to.have.length(1);
      });

      it("refuses an author name one code unit too long", function () {
        expect(refusedAt({ ...BASE, authors: [`${longest.authors[0]}x`] })).to.deep.equal([[["authors", 0], "author_limit"]]);
      });

      it("refuses one author too many", function () {
        expect(refusedAt({ ...BASE, authors: [...longest.authors, "x"] })).to.deep.equal([[["authors"], "authors_limit"]]);
      });

      it("counts the limit on the submitted string, before padding is trimmed", function () {
        expect(refusedAt({ ...BASE, title: ` ${longest.title}` })).to.deep.equal([[["title"], "title_limit"]]);
      });

      it("refuses a title that NFC lengthens past the limit", function () {
        // U+0958 is excluded from composition: NFC turns it into U+0915 U+093C.
        const title = "\u0958".repeat(ARTICLE_LIMITS.title / 2 + 1);
        expect(title).to.have.length.below(ARTICLE_LIMITS.title);
        expect(refusedAt({ ...BASE, title })).to.deep.equal([[["title"], "title_limit"]]);
      });
    });

    describe("when a string holds a code point unassigned in Unicode 17.0", function () {
      for (const [what, text] of [
        ["U+0378, unassigned in the Greek block", "a\u0378"],
        ["the noncharacter U+FFFF", "\uffff"],
        ["the noncharacter U+FDD0", "\ufdd0"],
        ["U+E0080, in plane 14", "\u{e0080}"],
        ["U+40000, in plane 4", "\u{40000}"],
      ] as const) {
        it(`refuses ${what} in any string`, function () {
          expect(refusedAt({ ...BASE, title: text })).to.deep.equal([[["title"], "unassigned_code_point"]]);
          expect(refusedAt({ ...BASE, authors: ["Ana", text] })).to.deep.equal([[["authors", 1], "unassigned_code_point"]]);
        });
      }

      it("accepts private use characters, which are assigned (Co)", function () {
        expect(accepted({ ...BASE, title: "\ue000 \u{f0000}" }).title).to.equal("\ue000 \u{f0000}");
      });
    });
  });
});
