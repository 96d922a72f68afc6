import { expect } from "chai";
import fc from "fast-check";
import { identifyArticle, normalizeBody, parseArticle, type NormalizedArticle } from "../../protocol";
import { articleInput, messyText, normalizedArticle } from "./arbitraries";

/** The same article as another newsroom system might send it: NFD, other line ends, padding. */
function variant(article: NormalizedArticle, lineEnd: string, pad: string): Record<string, unknown> {
  const nfd = (value: string) => value.normalize("NFD");
  const body = article.body
    .split("\n")
    .map((line) => nfd(line) + pad.replace(/[^ \t]/g, ""))
    .join(lineEnd);
  return {
    title: pad + nfd(article.title) + pad,
    ...(article.subtitle && { subtitle: nfd(article.subtitle) + pad }),
    body: `${lineEnd} \t${lineEnd}${body}${lineEnd}${lineEnd}`,
    ...(article.authors && { authors: article.authors.map((author) => pad + nfd(author)) }),
    publishedAt: article.publishedAt + pad,
    ...(article.language && { language: pad + article.language }),
    ...(article.url && { url: article.url + pad }),
  };
}

const lineEnd = fc.constantFrom("\n", "\r\n", "\r");
const pad = fc.constantFrom("", " ", "\t", " \u00a0", "\u3000\t");

describe("protocol: article properties", function () {
  describe("normalization", function () {
    it("is idempotent on the body", function () {
      fc.assert(
        fc.property(fc.oneof(messyText(60), fc.string({ unit: "binary" })), (body) => {
          const once = normalizeBody(body);
          expect(normalizeBody(once)).to.equal(once);
        }),
      );
    });

    it("is idempotent on the article: a normalized article parses to itself", function () {
      fc.assert(
        fc.property(articleInput, (input) => {
          const first = parseArticle(input);
          fc.pre(first.success);
          if (!first.success) return;
          expect(parseArticle(first.article)).to.deep.equal(first);
        }),
      );
    });
  });

  describe("content hash", function () {
    it("is the same for NFD, CRLF, CR and padded variants of an article", async function () {
      await fc.assert(
        fc.asyncProperty(normalizedArticle, lineEnd, pad, async (article, end, padding) => {
          const parsed = parseArticle(variant(article, end, padding));
          if (!parsed.success) expect.fail(`variant refused: ${JSON.stringify(parsed.issues)}`);
          expect(parsed.article).to.deep.equal(article);
          expect((await identifyArticle(parsed.article)).cid).to.equal((await identifyArticle(article)).cid);
        }),
      );
    });

    it("changes with any edit of the normalized body", async function () {
      await fc.assert(
        fc.asyncProperty(
          normalizedArticle,
          fc.nat(),
          fc.nat({ max: 5 }),
          messyText(3),
          async (article, at, removed, inserted) => {
            const start = at % (article.body.length + 1);
            const body = article.body.slice(0, start) + inserted + article.body.slice(start + removed);
            const edited = parseArticle({ ...article, body });
            fc.pre(edited.success && edited.article.body !== article.body);
            if (!edited.success) return;
            const [before, after] = await Promise.all([identifyArticle(article), identifyArticle(edited.article)]);
            expect(after.contentHash).to.not.equal(before.contentHash);
            expect(after.cid).to.not.equal(before.cid);
          },
        ),
      );
    });

    it("changes when one word of the body changes", async function () {
      const words = fc.array(fc.constantFrom<string>("600", "700", "millions", "d’euros", "levée", "Mistral"), {
        minLength: 1,
        maxLength: 30,
      });
      await fc.assert(
        fc.asyncProperty(words, fc.nat(), fc.constantFrom("600", "700", "milliards"), async (body, at, word) => {
          const index = at % body.length;
          fc.pre(body[index] !== word);
          const edited = body.with(index, word);
          const identify = async (text: string[]) => {
            const parsed = parseArticle({ title: "T", body: text.join(" "), publishedAt: "2024-06-12T07:00:00Z" });
            if (!parsed.success) expect.fail("refused");
            return (await identifyArticle(parsed.article)).cid;
          };
          expect(await identify(edited)).to.not.equal(await identify(body));
        }),
      );
    });
  });
});
