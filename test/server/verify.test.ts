import { expect } from "chai";
import request from "supertest";
import { frenchArticle, idOf } from "../helpers/articles";
import { startTestService } from "../helpers/service";

/** The same text as a copy from another system would give it: decomposed accents, CRLF lines. */
const nfdCrlf = <T extends { title: string; body: string }>(article: T): T => ({
  ...article,
  title: article.title.normalize("NFD"),
  body: article.body.normalize("NFD").replace(/\n/g, "\r\n"),
});

describe("verify API", function () {
  let ctx: Awaited<ReturnType<typeof startTestService>>;
  let published: { cid: string; contentHash: string } & Record<string, unknown>;

  before(async function () {
    ctx = await startTestService();
    const res = await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(frenchArticle())).expect(201);
    published = res.body;
  });
  after(async function () {
    await ctx.service.close();
  });

  describe("GET /v1/verify/:cidOrContentHash", function () {
    it("verifies the French fixture by CID, naming its publisher", async function () {
      const res = await request(ctx.app).get(`/v1/verify/${published.cid}`).expect(200);
      expect(res.body).to.deep.equal(published);
      expect(res.body).to.include({ verified: true, status: "anchored" });
      expect(res.body.publisher.name).to.equal("Demo Newsroom");
    });

    it("verifies it by content hash", async function () {
      const res = await request(ctx.app).get(`/v1/verify/${published.contentHash}`).expect(200);
      expect(res.body).to.deep.equal(published);
    });

    it("answers unknown, unverified, for a CID that was never anchored", async function () {
      const tampered = frenchArticle();
      tampered.body = tampered.body.replace("600 millions", "700 millions");
      const { cid } = await idOf(tampered);
      const res = await request(ctx.app).get(`/v1/verify/${cid}`).expect(200);
      expect(res.body).to.include({ verified: false, status: "unknown", cid, publisher: null, txHash: null });
    });

    it("answers 400 invalid_identifier for a malformed identifier", async function () {
      for (const id of ["hello", "0x1234", `0x${"zz".repeat(32)}`]) {
        const res = await request(ctx.app).get(`/v1/verify/${id}`).expect(400);
        expect(res.body.error.code).to.equal("invalid_identifier");
      }
    });
  });

  describe("POST /v1/verify", function () {
    it("verifies the French fixture by its content", async function () {
      const res = await request(ctx.app).post("/v1/verify").send({ article: frenchArticle() }).expect(200);
      expect(res.body).to.deep.equal(published);
    });

    it("verifies the same article with NFD accents and CRLF line endings", async function () {
      const variant = nfdCrlf(frenchArticle());
      expect(variant.body).to.not.equal(frenchArticle().body);
      const res = await request(ctx.app).post("/v1/verify").send({ article: variant }).expect(200);
      expect(res.body).to.include({ verified: true, cid: published.cid });
    });

    it("does not verify a copy with one word changed (600 millions to 700 millions)", async function () {
      const tampered = frenchArticle();
      tampered.body = tampered.body.replace("600 millions", "700 millions");
      expect(tampered.body).to.not.equal(frenchArticle().body);
      const res = await request(ctx.app).post("/v1/verify").send({ article: tampered }).expect(200);
      expect(res.body).to.include({ verified: false, status: "unknown" });
      expect(res.body.cid).to.not.equal(published.cid);
    });

    it("answers 400 for a body without an article", async function () {
      const res = await request(ctx.app).post("/v1/verify").send({ title: "no envelope" }).expect(400);
      expect(res.body.error.code).to.equal("invalid_request");
    });
  });
});
