import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  MarkdownArticleError,
  identifyArticle,
  parseArticle,
  parseMarkdownArticle,
  type NormalizedArticle,
} from "../../protocol";

const FIXTURE = readFileSync(path.join(__dirname, "../fixtures/harbour-tram-vote.en.md"), "utf8");
const CLOSING_LINE = "\n---\n";

/** The fixture's front matter, written out by hand as the JSON members it stands for. */
const FRONT_MATTER = {
  title: "Harbour City council approves €48 million tram extension after eleven-hour debate",
  subtitle: "The 6.2-kilometre line will link the ferry terminal to the university campus by 2029",
  authors: ["Jane Okafor", "Tomás Ruiz"],
  publishedAt: "2026-03-14T18:45:00+01:00",
  language: "en-GB",
  url: "https://demo.example/news/2026/03/harbour-tram-vote",
};

/** The normalized article, failing the test with the issues when parseArticle refuses the input. */
function accepted(input: unknown): NormalizedArticle {
  const result = parseArticle(input);
  if (!result.success) expect.fail(`refused: ${JSON.stringify(result.issues)}`);
  return result.article;
}

/** A Markdown article with this front matter and a one-line body. */
const markdown = (frontMatter: string) => `---\n${frontMatter}\n---\nThe body.\n`;

const cidOf = async (input: unknown) => (await identifyArticle(accepted(input))).cid;

describe("protocol: Markdown articles", function () {
  describe("parseMarkdownArticle", function () {
    describe("on the English fixture", function () {
      it("reads every front-matter member and the text below as the body, and parseArticle accepts it", function () {
        const { body, ...members } = accepted(parseMarkdownArticle(FIXTURE));

        expect(members).to.deep.equal(FRONT_MATTER);
        expect(body).to.match(/^Harbour City’s council voted 31 to 18/).and.match(/before the summer\.$/);
      });

      it("has the CID of its JSON twin", async function () {
        const body = FIXTURE.slice(FIXTURE.indexOf(CLOSING_LINE) + CLOSING_LINE.length);
        const jsonTwin = JSON.parse(JSON.stringify({ ...FRONT_MATTER, body }));

        expect(await cidOf(parseMarkdownArticle(FIXTURE))).to.equal(await cidOf(jsonTwin));
      });

      it("has the same CID with CRLF line ends, in the front matter and the body", async function () {
        const crlf = FIXTURE.replace(/\n/g, "\r\n");
        expect(crlf).to.include("---\r\ntitle:");

        expect(await cidOf(parseMarkdownArticle(crlf))).to.equal(await cidOf(parseMarkdownArticle(FIXTURE)));
      });

      it("has the same CID after a byte order mark", async function () {
        expect(await cidOf(parseMarkdownArticle(`\uFEFF${FIXTURE}`))).to.equal(await cidOf(parseMarkdownArticle(FIXTURE)));
      });
    });

    describe("publishedAt", function () {
      // YAML 1.1 reads an unquoted date-time as a timestamp, which would come back in UTC without its offset.
      it("stays the exact string written, offset included, quoted or not", function () {
        for (const value of ['"2026-03-14T18:45:00+01:00"', "'2026-03-14T18:45:00+01:00'", "2026-03-14T18:45:00+01:00"]) {
          expect(parseMarkdownArticle(markdown(`title: T\npublishedAt: ${value}`)).publishedAt, value).to.equal(
            "2026-03-14T18:45:00+01:00",
          );
        }
      });

      it("stays a string when it is a bare date, and parseArticle then refuses it", function () {
        const input = parseMarkdownArticle(markdown("title: T\npublishedAt: 2026-03-14"));

        expect(input.publishedAt).to.equal("2026-03-14");
        const result = parseArticle(input);
        expect(result.success).to.equal(false);
        if (!result.success) expect(result.issues.map((issue) => issue.path)).to.deep.equal([["publishedAt"]]);
      });
    });

    describe("when the front matter is missing", function () {
      for (const [name, text] of [
        ["plain text", "Just a body.\n"],
        ["front matter after a blank line", `\n${markdown("title: T")}`],
        ["an opening line with no closing line", "---\ntitle: T\npublishedAt: 2026-03-14T18:45:00Z\nThe body.\n"],
        ["an empty file", ""],
      ] as const) {
        it(`throws MarkdownArticleError for ${name}`, function () {
          expect(() => parseMarkdownArticle(text)).to.throw(MarkdownArticleError, /starts with YAML front matter/);
        });
      }
    });

    describe("when the front matter is not valid YAML", function () {
      for (const [name, frontMatter] of [
        ["an unclosed flow sequence", "title: [unclosed"],
        ["a key written twice", "title: One\ntitle: Two"],
        ["a bad indentation", "title: T\n  subtitle: S\n authors: []"],
      ] as const) {
        it(`throws MarkdownArticleError for ${name}`, function () {
          expect(() => parseMarkdownArticle(markdown(frontMatter))).to.throw(MarkdownArticleError, /not valid YAML/);
        });
      }
    });

    describe("when the front matter is not a mapping", function () {
      for (const [name, frontMatter] of [
        ["a list", "- title\n- publishedAt"],
        ["a string", "just a title"],
        ["a number", "2026"],
        ["nothing", ""],
        ["null", "~"],
      ] as const) {
        it(`throws MarkdownArticleError for ${name}`, function () {
          expect(() => parseMarkdownArticle(markdown(frontMatter))).to.throw(MarkdownArticleError, /must be a mapping/);
        });
      }
    });

    describe("when the front matter has a body key", function () {
      it("throws MarkdownArticleError instead of dropping one of the two bodies", function () {
        expect(() => parseMarkdownArticle(markdown("title: T\nbody: Another body"))).to.throw(
          MarkdownArticleError,
          /not a front-matter key/,
        );
      });
    });

    describe("when the front matter has what parseArticle refuses", function () {
      it("passes an unknown key through, and parseArticle refuses it", function () {
        const input = parseMarkdownArticle(markdown("title: T\npublishedAt: 2026-03-14T18:45:00Z\ntags: [trams]"));

        expect(input).to.have.property("tags").that.deep.equals(["trams"]);
        const result = parseArticle(input);
        expect(result.success).to.equal(false);
        if (!result.success) {
          expect(result.issues).to.have.lengthOf(1);
          expect(result.issues[0]).to.deep.include({ path: ["tags"], rule: "unknown_member" });
        }
      });

      it("passes a value of the wrong type through, and parseArticle refuses it", function () {
        const input = parseMarkdownArticle(markdown("title: 2026\npublishedAt: 2026-03-14T18:45:00Z"));

        expect(input.title).to.equal(2026);
        const result = parseArticle(input);
        expect(result.success).to.equal(false);
        if (!result.success) expect(result.issues.map((issue) => issue.path)).to.deep.equal([["title"]]);
      });

      it("keeps a __proto__ key as a plain member, which parseArticle refuses", function () {
        const input = parseMarkdownArticle(markdown("title: T\npublishedAt: 2026-03-14T18:45:00Z\n__proto__: { url: x }"));

        expect(Object.getPrototypeOf(input)).to.equal(Object.prototype);
        expect(Object.keys(input)).to.include("__proto__");
        expect(parseArticle(input).success).to.equal(false);
      });
    });
  });
});
