import { expect } from "chai";
import request from "supertest";
import { ethers } from "hardhat";
import { frenchArticle, idOf, sampleArticle } from "../helpers/articles";
import { useTestService } from "../helpers/service";
import { signPublication } from "../helpers/registry";
import { NO_PREVIOUS } from "../../protocol";

describe("articles API", function () {
  const ctx = useTestService();

  describe("POST /v1/articles", function () {
    it("anchors the French fixture signed by the demo publisher and answers 201 with its provenance", async function () {
      const article = frenchArticle();
      const { cid, contentHash } = await idOf(article);
      const res = await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(article)).expect(201);

      expect(res.body).to.include({ cid, contentHash, verified: true, status: "anchored", chainId: Number(ctx.chainId) });
      expect(res.body.registry).to.equal(ctx.deployment.address);
      expect(res.body.publisher).to.include({ address: ctx.publisher.address, name: "Demo Newsroom", domain: "demo.example" });
      expect(res.body.txHash).to.match(/^0x[0-9a-f]{64}$/);
      expect(new Date(res.body.anchoredAt).toISOString()).to.equal(res.body.anchoredAt);

      // The answer is the chain's: the registry holds the same record.
      const record = await ctx.registry.getRecord(contentHash);
      expect(record.signer).to.equal(ctx.publisher.address);
      expect(record.blockNumber).to.equal(BigInt(res.body.blockNumber));
      expect(new Date(Number(record.timestamp) * 1000).toISOString()).to.equal(res.body.anchoredAt);
      const receipt = await ethers.provider.getTransactionReceipt(res.body.txHash);
      expect(receipt?.blockNumber).to.equal(res.body.blockNumber);
    });

    it("relays the transaction so the publisher spends no gas", async function () {
      const before = await ethers.provider.getBalance(ctx.publisher.address);
      await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(sampleArticle(1))).expect(201);
      expect(await ethers.provider.getBalance(ctx.publisher.address)).to.equal(before);
    });

    it("answers 409 with the existing record when the article is already anchored", async function () {
      const body = await ctx.publishBody(sampleArticle(2));
      const first = await request(ctx.app).post("/v1/articles").send(body).expect(201);
      const again = await request(ctx.app).post("/v1/articles").send(body).expect(409);
      expect(again.body.error.code).to.equal("article_already_anchored");
      expect(again.body.error.details.record).to.deep.equal(first.body);
    });

    it("anchors each of concurrent duplicate requests once: one 201, the others 409", async function () {
      const body = await ctx.publishBody(sampleArticle(3));
      const responses = await Promise.all([1, 2, 3].map(() => request(ctx.app).post("/v1/articles").send(body)));
      expect(responses.map((r) => r.status).sort()).to.deep.equal([201, 409, 409]);
    });

    it("answers 403 publisher_not_active for a signer that is not a registered publisher", async function () {
      const res = await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(sampleArticle(4), ctx.other)).expect(403);
      expect(res.body.error.code).to.equal("publisher_not_active");
      expect(res.body.error.details.signer).to.equal(ctx.other.address);
    });

    it("answers 403 for a signature made for another chain, and spends no gas", async function () {
      const article = sampleArticle(5);
      const { contentHash } = await idOf(article);
      const signature = await signPublication(ctx.publisher, ctx.deployment.address, 1n, { contentHash, previous: NO_PREVIOUS });
      const blockBefore = await ethers.provider.getBlockNumber();
      const res = await request(ctx.app).post("/v1/articles").send({ article, signature }).expect(403);
      expect(res.body.error.code).to.equal("publisher_not_active");
      expect(await ethers.provider.getBlockNumber()).to.equal(blockBefore);
    });

    it("answers 403 invalid_signature for a claimed publisher whose signature does not match", async function () {
      const body = await ctx.publishBody(sampleArticle(6), ctx.other);
      const res = await request(ctx.app)
        .post("/v1/articles")
        .send({ ...body, publisher: ctx.publisher.address })
        .expect(403);
      expect(res.body.error.code).to.equal("invalid_signature");
    });

    it("answers 400 with the path of each problem for an invalid article", async function () {
      const body = await ctx.publishBody(sampleArticle(7));
      const res = await request(ctx.app)
        .post("/v1/articles")
        .send({ ...body, article: { ...body.article, publishedAt: "yesterday", extra: 1 } })
        .expect(400);
      expect(res.body.error.code).to.equal("invalid_request");
      // The article as sent fails first (unknown_member); its normalized form is not checked then.
      const issues = res.body.error.details.issues.map(({ path, rule }: { path: string[]; rule: string }) => ({ path, rule }));
      expect(issues).to.deep.equal([{ path: ["article", "extra"], rule: "unknown_member" }]);
    });

    it("answers 400 for a malformed signature", async function () {
      const body = await ctx.publishBody(sampleArticle(8));
      const res = await request(ctx.app).post("/v1/articles").send({ ...body, signature: "0x1234" }).expect(400);
      expect(res.body.error.details.issues[0].path).to.deep.equal(["signature"]);
    });

    describe("with previous (a correction)", function () {
      it("links the new version to the one it corrects, given by CID", async function () {
        const original = sampleArticle(9);
        const first = await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(original)).expect(201);
        const corrected = { ...original, body: `${original.body}\n\nCorrection: a figure was wrong.` };
        const body = await ctx.publishBody(corrected, ctx.publisher, first.body.contentHash);
        const res = await request(ctx.app)
          .post("/v1/articles")
          .send({ ...body, previous: first.body.cid })
          .expect(201);
        expect(res.body.previous).to.equal(first.body.contentHash);
        expect(await ctx.registry.successorOf(first.body.contentHash)).to.equal(res.body.contentHash);
      });

      it("answers 422 previous_not_anchored when the corrected version was never anchored", async function () {
        const { contentHash: never } = await idOf(sampleArticle(10));
        const body = await ctx.publishBody(sampleArticle(11), ctx.publisher, never);
        const res = await request(ctx.app).post("/v1/articles").send(body).expect(422);
        expect(res.body.error.code).to.equal("previous_not_anchored");
      });
    });
  });

  describe("GET /v1/articles/:cid", function () {
    it("returns the stored normalized article, its signature and its provenance", async function () {
      const article = { ...sampleArticle(12), title: "  Padded title  ", subtitle: "" };
      const body = await ctx.publishBody(article);
      const published = await request(ctx.app).post("/v1/articles").send(body).expect(201);
      const res = await request(ctx.app).get(`/v1/articles/${published.body.cid}`).expect(200);
      expect(res.body.article).to.deep.equal({ ...sampleArticle(12), title: "Padded title" });
      expect(res.body.signature).to.equal(body.signature);
      expect(res.body.provenance).to.deep.equal(published.body);
    });

    it("answers 404 for a valid CID the service does not hold", async function () {
      const { cid } = await idOf(sampleArticle(13));
      const res = await request(ctx.app).get(`/v1/articles/${cid}`).expect(404);
      expect(res.body.error.code).to.equal("not_found");
    });

    it("answers 400 invalid_identifier for something that is not an article CID", async function () {
      const res = await request(ctx.app).get("/v1/articles/QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG").expect(400);
      expect(res.body.error.code).to.equal("invalid_identifier");
    });
  });
});
