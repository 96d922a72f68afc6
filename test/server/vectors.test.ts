import { expect } from "chai";
import request from "supertest";
import { startTestService } from "../helpers/service";
import { articleText, readVectors, type ArticleVector } from "../protocol/vectors";

// The conformance run of issue 17, as another implementation would make it: every article vector
// sent to POST /v1/hash as JSON text, so that the body parser, the request schema and the protocol
// module answer together.
describe("POST /v1/hash on the article test vectors", function () {
  let ctx: Awaited<ReturnType<typeof startTestService>>;
  const vectors = readVectors<ArticleVector>("articles.json").cases;

  before(async function () {
    ctx = await startTestService();
  });
  after(async function () {
    await ctx.service.close();
  });

  it("answers each valid case with its vector's identity, and each invalid one with a 400 naming its rule alone", async function () {
    this.timeout(120_000);
    const disagreements: string[] = [];
    for (const vector of vectors) {
      const res = await request(ctx.app).post("/v1/hash").type("json").send(`{"article":${articleText(vector)}}`);
      if (vector.valid) {
        const { cid, contentHash, canonical } = vector;
        if (res.status !== 200 || res.body.cid !== cid || res.body.contentHash !== contentHash || res.body.canonical !== canonical) {
          disagreements.push(`${vector.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        }
        continue;
      }
      const code = vector.rule === "duplicate_key" ? "duplicate_key" : "invalid_request";
      const rules = [...new Set((res.body.error?.details?.issues ?? []).map((issue: { rule?: string }) => issue.rule))];
      if (res.status !== 400 || res.body.error.code !== code || JSON.stringify(rules) !== JSON.stringify([vector.rule])) {
        disagreements.push(`${vector.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      }
    }
    expect(disagreements).to.deep.equal([]);
  });
});
