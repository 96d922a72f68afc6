import { expect } from "chai";
import request from "supertest";
import { BULK_MAX_ITEMS } from "../../protocol";
import { sampleArticle } from "../helpers/articles";
import { startTestService } from "../helpers/service";

type Result = { status: number; record?: { cid: string; verified: boolean; anchor: { root?: string } }; receipt?: { cid: string; status: string }; error?: { code: string } };

describe("POST /v1/articles/bulk", function () {
  let ctx: Awaited<ReturnType<typeof startTestService>>;
  let n = 0;
  const next = () => sampleArticle(5000 + n++);
  const bulk = (items: unknown[], query = "") => request(ctx.app).post(`/v1/articles/bulk${query}`).send({ items });

  afterEach(async function () {
    await ctx.service.close();
  });

  describe("in batch mode", function () {
    beforeEach(async function () {
      // With a worker thread, as npm start runs: items are prepared off the event loop.
      ctx = await startTestService({ anchoring: { mode: "batch", batchSize: 4, batchIntervalMs: 100 }, workerThreads: 1 });
    });

    it("answers each item as POST /v1/articles would, in order, and one bad item fails alone", async function () {
      const good = await Promise.all([next(), next(), next(), next(), next(), next()].map((article) => ctx.publishBody(article)));
      const forged = { article: next(), signature: `0x${"00".repeat(65)}` }; // no key signed this
      const stranger = await ctx.publishBody(next(), ctx.other); // not a registered publisher
      const items = [good[0], good[1], { signature: good[2]!.signature }, good[2], forged, good[3], stranger, good[4], good[5], good[0]];

      const res = await bulk(items).expect(200);
      const results = res.body.results as Result[];
      expect(results.map((r) => r.status)).to.deep.equal([201, 201, 400, 201, 403, 201, 403, 201, 201, 201]);
      expect(results[2]!.error!.code).to.equal("invalid_request");
      expect(results[4]!.error!.code).to.equal("invalid_signature");
      expect(results[6]!.error!.code).to.equal("publisher_not_active");
      expect(res.body.summary).to.deep.equal({ accepted: 7, failed: 3 });
      // The article sent twice in one request is one leaf, answered twice with the same record.
      expect(results[9]).to.deep.equal(results[0]);

      const anchored = results.filter((r) => r.status === 201);
      const roots = new Set(anchored.map((r) => r.record!.anchor.root!));
      let leaves = 0n;
      for (const root of roots) leaves += (await ctx.registry.getBatch(root)).count;
      expect(leaves).to.equal(6n);
      for (const { record } of anchored) {
        expect((await request(ctx.app).get(`/v1/verify/${record!.cid}`).expect(200)).body.verified).to.equal(true);
      }
      // Refused items left nothing behind: the text and its journal entry are stored together.
      for (const index of [4, 6]) {
        const { cid } = await request(ctx.app).post("/v1/hash").send({ article: (items[index] as { article: object }).article }).then((r) => r.body);
        await request(ctx.app).get(`/v1/articles/${cid}`).expect(404);
      }
    });

    it("with ?wait=false answers 202 with pending receipts at once, and every item is anchored later", async function () {
      const items = await Promise.all(Array.from({ length: 10 }, () => ctx.publishBody(next())));
      const res = await bulk(items, "?wait=false").expect(200);
      const results = res.body.results as Result[];
      expect(results.map((r) => [r.status, r.receipt!.status])).to.deep.equal(Array.from({ length: 10 }, () => [202, "pending"]));

      await ctx.service.drainBatches();
      await ctx.service.syncIndex();
      for (const { receipt } of results) {
        expect((await request(ctx.app).get(`/v1/verify/${receipt!.cid}`).expect(200)).body.verified).to.equal(true);
      }
    });
  });

  describe("in direct mode", function () {
    beforeEach(async function () {
      ctx = await startTestService();
    });

    it("anchors every item in its own transaction and answers 201, or 409 for an article already anchored", async function () {
      const first = await ctx.publishBody(next());
      await request(ctx.app).post("/v1/articles").send(first).expect(201);
      const items = [first, await ctx.publishBody(next()), await ctx.publishBody(next())];
      const results = (await bulk(items).expect(200)).body.results as Result[];
      expect(results.map((r) => r.status)).to.deep.equal([409, 201, 201]);
      expect(results[0]!.error!.code).to.equal("article_already_anchored");
      expect(results[1]!.record!.verified).to.equal(true);
    });

    it("refuses an envelope that is not 1 to BULK_MAX_ITEMS items with 400, before publishing any", async function () {
      const one = await ctx.publishBody(next());
      for (const body of [{}, { items: [] }, { items: one }, { items: [one], extra: true }, { items: Array.from({ length: BULK_MAX_ITEMS + 1 }, () => one) }]) {
        const res = await request(ctx.app).post("/v1/articles/bulk").send(body).expect(400);
        expect(res.body.error.code).to.equal("invalid_request");
      }
      const res = await request(ctx.app).post("/v1/articles/bulk").set("content-type", "text/plain").send("items").expect(415);
      expect(res.body.error.code).to.equal("unsupported_media_type");
      const { cid } = (await request(ctx.app).post("/v1/hash").send({ article: one.article })).body;
      await request(ctx.app).get(`/v1/articles/${cid}`).expect(404);
    });
  });
});
