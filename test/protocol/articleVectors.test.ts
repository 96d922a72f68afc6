import { expect } from "chai";
import { ARTICLE_RULES, UNICODE_VERSION, identifyArticle, parseArticle, parseArticleJson } from "../../protocol";
import { readVectors, type ArticleVector } from "./vectors";

// docs/test-vectors/articles.json was computed by scripts/vectors/articles.py, a second
// implementation of the protocol in Python; here the service's own module must agree on every case.
describe("protocol: the article test vectors", function () {
  const vectors = readVectors<ArticleVector>("articles.json");

  it("is a newsprov-vectors-v1 file for the pinned Unicode version", function () {
    expect(vectors.format).to.equal("newsprov-vectors-v1");
    expect(vectors.unicode).to.equal(UNICODE_VERSION);
  });

  it("has at least 150 cases, 50 of them invalid, with distinct names", function () {
    expect(vectors.cases.length).to.be.at.least(150);
    expect(vectors.cases.filter((vector) => !vector.valid).length).to.be.at.least(50);
    expect(new Set(vectors.cases.map((vector) => vector.name)).size).to.equal(vectors.cases.length);
  });

  it("breaks every rule of the protocol in at least one case", function () {
    const broken = new Set(vectors.cases.flatMap((vector) => (vector.valid ? [] : [vector.rule])));
    expect(ARTICLE_RULES.filter((rule) => !broken.has(rule))).to.deep.equal([]);
  });

  for (const vector of vectors.cases) {
    it(`${vector.valid ? "accepts" : `refuses (${vector.rule})`}: ${vector.name}`, async function () {
      const result = "json" in vector ? parseArticleJson(vector.json) : parseArticle(vector.article);
      if (!vector.valid) {
        if (result.success) expect.fail(`accepted as ${JSON.stringify(result.article).slice(0, 200)}`);
        expect([...new Set(result.issues.map((issue) => issue.rule))]).to.deep.equal([vector.rule]);
        return;
      }
      if (!result.success) expect.fail(`refused: ${JSON.stringify(result.issues).slice(0, 500)}`);
      const id = await identifyArticle(result.article);
      expect(id.canonical === vector.canonical, "canonical text").to.equal(true);
      expect({ contentHash: id.contentHash, cid: id.cid }).to.deep.equal({ contentHash: vector.contentHash, cid: vector.cid });
    });
  }
});
