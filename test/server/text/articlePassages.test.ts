import { expect } from "chai";
import { parseArticle, type NormalizedArticle } from "../../../protocol";
import { articlePassages } from "../../../server/text/articlePassages";
import { englishArticle } from "../../helpers/articles";

const normalized = (input: unknown): NormalizedArticle => {
  const parsed = parseArticle(input);
  if (!parsed.success) throw new Error("invalid test article");
  return parsed.article;
};

describe("text: articlePassages", function () {
  it("lists the title, the subtitle, then the paragraphs of the English fixture in order", function () {
    const article = normalized(englishArticle());
    const passages = articlePassages(article);
    expect(passages.map(({ kind, index }) => `${kind} ${index}`)).to.deep.equal([
      "title 0",
      "subtitle 0",
      ...[0, 1, 2, 3, 4, 5, 6].map((index) => `paragraph ${index}`),
    ]);
    expect(passages[0]!.text).to.equal(article.title);
    expect(passages[1]!.text).to.equal(article.subtitle);
    expect(passages[8]!.text).to.equal(
      "The decision still needs the approval of the regional transport authority, which is expected to rule before the summer.",
    );
  });

  it("splits the body on lines that are empty or only whitespace, and trims each paragraph", function () {
    const article = normalized({ title: "T", body: "  one\nstill one\n\n\u00a0\n \ntwo\u00a0\n\n\n\tthree", publishedAt: "2026-01-01T00:00:00Z" });
    expect(articlePassages(article)).to.deep.equal([
      { kind: "title", index: 0, text: "T" },
      { kind: "paragraph", index: 0, text: "one\nstill one" },
      { kind: "paragraph", index: 1, text: "two" },
      { kind: "paragraph", index: 2, text: "three" },
    ]);
  });
});
