import { expect } from "chai";
import request from "supertest";
import { sampleArticle } from "../helpers/articles";
import { useTestService } from "../helpers/service";

describe("concurrency through one relayer key", function () {
  const ctx = useTestService();

  it("anchors 200 concurrent direct publications, each in its own transaction, with no nonce error", async function () {
    const bodies = await Promise.all(Array.from({ length: 200 }, (_, n) => ctx.publishBody(sampleArticle(5_000 + n))));
    const responses = await Promise.all(bodies.map((body) => request(ctx.app).post("/v1/articles").send(body)));
    const failures = responses.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.text}`);
    expect(failures).to.deep.equal([]);
    expect(new Set(responses.map((r) => r.body.txHash)).size).to.equal(200);
    for (const res of responses) expect((await ctx.registry.getRecord(res.body.contentHash)).signer).to.equal(ctx.publisher.address);
  });
});
