import { expect } from "chai";
import request from "supertest";
import { frenchArticle, idOf } from "../helpers/articles";
import { useTestService } from "../helpers/service";

describe("app", function () {
  const ctx = useTestService({ maxBodyBytes: 64 * 1024 });

  describe("GET /healthz", function () {
    it("reports the chain, the registry and the current block", async function () {
      const res = await request(ctx.app).get("/healthz").expect(200);
      expect(res.body).to.include({ status: "ok", chainId: Number(ctx.chainId), registry: ctx.deployment.address });
      expect(res.body.blockNumber).to.be.at.least(ctx.deployment.blockNumber);
    });
  });

  describe("GET /v1/domain", function () {
    it("gives the EIP-712 domain and types a client signs with", async function () {
      const res = await request(ctx.app).get("/v1/domain").expect(200);
      expect(res.body).to.deep.equal({
        domain: { name: "NewsProvenance", version: "1", chainId: Number(ctx.chainId), verifyingContract: ctx.deployment.address },
        types: { Publication: [{ name: "contentHash", type: "bytes32" }, { name: "previous", type: "bytes32" }] },
        primaryType: "Publication",
      });
    });
  });

  describe("POST /v1/hash", function () {
    it("returns the CID, content hash and canonical JSON of an article", async function () {
      const article = frenchArticle();
      const expected = await idOf(article);
      const res = await request(ctx.app).post("/v1/hash").send({ article }).expect(200);
      expect(res.body).to.deep.equal({ cid: expected.cid, contentHash: expected.contentHash, canonical: expected.canonical });
      expect(res.body.cid).to.match(/^bagaaiera/);
    });

    it("answers 400 naming an unknown field", async function () {
      const res = await request(ctx.app).post("/v1/hash").send({ article: { ...frenchArticle(), tags: ["x"] } }).expect(400);
      expect(res.body.error.code).to.equal("invalid_request");
      expect(JSON.stringify(res.body.error.details.issues)).to.contain("tags");
    });

    it("answers 400 with the protocol rule of each issue, counting UTF-16 code units", async function () {
      const article = { ...frenchArticle(), title: "\u{1f600}".repeat(501), language: "en_US", authors: ["Ana", "\u0378"] };
      const res = await request(ctx.app).post("/v1/hash").send({ article }).expect(400);
      expect(res.body.error.code).to.equal("invalid_request");
      expect(res.body.error.details.issues.map(({ path, rule }: { path: unknown; rule: unknown }) => ({ path, rule }))).to.deep.equal([
        { path: ["article", "title"], rule: "title_limit" },
        { path: ["article", "authors", 1], rule: "unassigned_code_point" },
      ]);
      const normalized = await request(ctx.app).post("/v1/hash").send({ article: { ...frenchArticle(), language: "en_US" } }).expect(400);
      expect(normalized.body.error.details.issues).to.deep.equal([
        { path: ["article", "language"], message: "must be a BCP 47 language tag", rule: "language_tag" },
      ]);
    });
  });

  describe("a body that repeats a member name", function () {
    const post = (text: string) => request(ctx.app).post("/v1/hash").set("Content-Type", "application/json").send(text);

    it("answers 400 duplicate_key with the path of the repeated member", async function () {
      const res = await post('{"article":{"title":"A","body":"B","publishedAt":"2024-06-12T07:00:00Z","\\u0074itle":"C"}}').expect(400);
      expect(res.body.error.code).to.equal("duplicate_key");
      expect(res.body.error.details.issues).to.have.length(1);
      expect(res.body.error.details.issues[0]).to.deep.include({ path: ["article", "title"], rule: "duplicate_key" });
    });

    it("answers 400 duplicate_key at any depth and for any endpoint", async function () {
      const res = await request(ctx.app)
        .post("/v1/articles/bulk")
        .set("Content-Type", "application/json")
        .send('{"items":[{"article":{}},{"article":{},"signature":"0x","signature":"0x"}]}')
        .expect(400);
      expect(res.body.error).to.deep.include({ code: "duplicate_key" });
      expect(res.body.error.details.issues[0].path).to.deep.equal(["items", 1, "signature"]);
      expect((await post('{"article":{},"article":{}}').expect(400)).body.error.code).to.equal("duplicate_key");
    });

    it("answers duplicate_key in UTF-8, declared or not, and refuses UTF-7 with 415 before looking for duplicates", async function () {
      const text = '{"article":{"title":"A","title":"B","body":"B","publishedAt":"2024-06-12T07:00:00Z"}}';
      for (const type of ["application/json", "application/json; charset=utf-8", "application/json; charset=UTF-8"]) {
        const res = await request(ctx.app).post("/v1/hash").set("Content-Type", type).send(text).expect(400);
        expect(res.body.error.code, type).to.equal("duplicate_key");
      }
      // The same bytes in UTF-7 (the text has no "+"): once decoded with it, this body answered 500.
      const res = await request(ctx.app).post("/v1/hash").set("Content-Type", "application/json; charset=utf-7").send(text).expect(415);
      expect(res.body.error.code).to.equal("unsupported_charset");
    });

    it("still answers malformed JSON with malformed_json, and the same name in two objects as usual", async function () {
      expect((await post('{"article":{"a":1,"a":2}').expect(400)).body.error.code).to.equal("malformed_json");
      const res = await post('{"article":{"title":{"title":1},"body":"B","publishedAt":"2024-06-12T07:00:00Z"}}').expect(400);
      expect(res.body.error.details.issues).to.deep.equal([{ path: ["article", "title"], message: "must be a string, not an object", rule: "member_type" }]);
    });
  });

  describe("errors", function () {
    it("answers malformed JSON with 400 malformed_json, as JSON", async function () {
      const res = await request(ctx.app).post("/v1/hash").set("Content-Type", "application/json").send('{"article": ').expect(400);
      expect(res.type).to.equal("application/json");
      expect(res.body.error.code).to.equal("malformed_json");
    });

    it("answers a body over the limit with 413 payload_too_large", async function () {
      const article = { ...frenchArticle(), body: "x".repeat(100 * 1024) };
      const res = await request(ctx.app).post("/v1/hash").send({ article }).expect(413);
      expect(res.body.error.code).to.equal("payload_too_large");
    });

    it("answers a body that is not declared as JSON with 415", async function () {
      const res = await request(ctx.app).post("/v1/hash").set("Content-Type", "text/plain").send("hello").expect(415);
      expect(res.body.error.code).to.equal("unsupported_media_type");
    });

    it("answers an unknown route with a JSON 404", async function () {
      const res = await request(ctx.app).get("/nowhere").expect(404);
      expect(res.type).to.equal("application/json");
      expect(res.body.error.code).to.equal("not_found");
    });

    it("never leaks a stack trace", async function () {
      const res = await request(ctx.app).post("/v1/verify").set("Content-Type", "application/json").send("[1,").expect(400);
      expect(res.text).to.not.match(/at .+\.(ts|js):\d+/);
    });
  });
});
