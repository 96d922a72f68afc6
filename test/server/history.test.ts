import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect } from "chai";
import { databaseFile } from "../../server/store/database";
import request from "supertest";
import { englishArticle, frenchArticle, idOf } from "../helpers/articles";
import { signRetraction } from "../helpers/registry";
import { startTestService, useTestService, TEST_ADMIN_TOKEN, type TestService } from "../helpers/service";

describe("corrections, history and retractions", function () {
  const ctx = useTestService();

  /** Publishes `article`, correcting `previous` when given, and returns the provenance record. */
  const publish = async (article: object, previous?: string) => {
    const body = await ctx.publishBody(article, ctx.publisher, previous as `0x${string}` | undefined);
    return (await request(ctx.app).post("/v1/articles").send(body).expect(201)).body;
  };

  for (const { language, load, change, deleted, inserted } of [
    { language: "French", load: frenchArticle, change: ["600 millions", "700 millions"], deleted: ["600"], inserted: ["700"] },
    { language: "English", load: englishArticle, change: ["voted 31 to 18", "voted 32 to 17"], deleted: ["31", "18"], inserted: ["32", "17"] },
  ] as const) {
    describe(`the ${language} fixture corrected once`, function () {
      let first: Record<string, unknown> & { cid: string; contentHash: string };
      let second: Record<string, unknown> & { cid: string; contentHash: string };

      before(async function () {
        const original = load();
        first = await publish(original);
        second = await publish({ ...original, body: original.body.replace(change[0], change[1]) }, first.contentHash);
      });

      it("answers verify of the first version with superseded, still verified, naming the latest CID", async function () {
        const res = await request(ctx.app).get(`/v1/verify/${first.cid}`).expect(200);
        expect(res.body).to.include({ verified: true, status: "superseded", latest: second.cid });
      });

      it("answers verify of the correction with anchored, pointing back at the first version", async function () {
        const res = await request(ctx.app).get(`/v1/verify/${second.cid}`).expect(200);
        expect(res.body).to.include({ verified: true, status: "anchored", latest: second.cid, previous: first.contentHash });
      });

      it("returns the history oldest first with a word-level diff showing exactly the change", async function () {
        for (const asked of [first.cid, second.cid]) {
          const res = await request(ctx.app).get(`/v1/articles/${asked}/history`).expect(200);
          expect(res.body.latest).to.equal(second.cid);
          expect(res.body.versions.map((v: { cid: string }) => v.cid)).to.deep.equal([first.cid, second.cid]);
          expect(res.body.versions[0]).to.deep.include({ diff: null, diffBy: null });
          expect(res.body.versions[1].diffBy).to.equal("word");
          const parts: { op: string; text: string }[] = res.body.versions[1].diff;
          const words = (op: string) => parts.filter((part) => part.op === op).flatMap((part) => part.text.split(/\s+/).filter(Boolean));
          expect(words("delete")).to.deep.equal(deleted);
          expect(words("insert")).to.deep.equal(inserted);
        }
      });
    });
  }

  describe("a correction that rewrites the article", function () {
    // 3,000 words none of which the first version has: more edits than a word diff may make.
    const paragraphsOf = (from: number) =>
      Array.from({ length: 30 }, (_, p) => Array.from({ length: 100 }, (_, w) => `mot${from + p * 100 + w}`).join(" ")).join("\n\n");
    const original = { title: "Rewritten", body: `Same first paragraph.\n\n${paragraphsOf(0)}\n\nSame last paragraph.`, publishedAt: "2026-03-01T00:00:00Z" };
    const rewritten = { ...original, body: `Same first paragraph.\n\n${paragraphsOf(10_000)}\n\nSame last paragraph.` };
    let first: { cid: string; contentHash: string };
    let second: { cid: string };

    before(async function () {
      first = await publish(original);
      second = await publish(rewritten, first.contentHash);
    });

    it("answers a paragraph diff, diffBy paragraph, that still spells both versions", async function () {
      const res = await request(ctx.app).get(`/v1/articles/${second.cid}/history`).expect(200);
      const { diff, diffBy } = res.body.versions[1] as { diff: { op: string; text: string }[]; diffBy: string };
      expect(diffBy).to.equal("paragraph");
      const spell = (side: string) => diff.filter((part) => part.op === "equal" || part.op === side).map((part) => part.text).join("");
      expect(spell("delete")).to.equal(`${original.title}\n\n${original.body}`);
      expect(spell("insert")).to.equal(`${rewritten.title}\n\n${rewritten.body}`);
      expect(diff[0]).to.deep.equal({ op: "equal", text: "Rewritten\n\nSame first paragraph.\n\n" });
    });

    it("answers the same diff to requests sent at once, and again later", async function () {
      const answers = await Promise.all(Array.from({ length: 5 }, () => request(ctx.app).get(`/v1/articles/${first.cid}/history`).expect(200)));
      const later = await request(ctx.app).get(`/v1/articles/${first.cid}/history`).expect(200);
      for (const res of answers) expect(res.body).to.deep.equal(later.body);
    });
  });

  describe("POST /v1/articles with previous", function () {
    it("refuses a second correction of the same version (a fork) with 409 previous_already_superseded", async function () {
      const original = { title: "Fork test", body: "One.", publishedAt: "2026-01-01T00:00:00Z" };
      const first = await publish(original);
      await publish({ ...original, body: "Two." }, first.contentHash);
      const fork = await ctx.publishBody({ ...original, body: "Three." }, ctx.publisher, first.contentHash);
      const res = await request(ctx.app).post("/v1/articles").send(fork).expect(409);
      expect(res.body.error.code).to.equal("previous_already_superseded");
    });

    it("refuses a correction of another publisher's article with 403", async function () {
      const theirs = await publish({ title: "Theirs", body: "Text.", publishedAt: "2026-01-01T00:00:00Z" });
      const { address } = (
        await request(ctx.app)
          .post("/v1/publishers")
          .set("Authorization", `Bearer ${TEST_ADMIN_TOKEN}`)
          .send({ address: ctx.other.address, name: "Other Desk", domain: "other.example" })
          .expect(201)
      ).body;
      expect(address).to.equal(ctx.other.address);
      const body = await ctx.publishBody({ title: "Mine", body: "Text!", publishedAt: "2026-01-01T00:00:00Z" }, ctx.other, theirs.contentHash);
      const res = await request(ctx.app).post("/v1/articles").send(body).expect(403);
      expect(res.body.error.code).to.equal("previous_from_another_publisher");
    });

    it("answers 404 article_not_anchored for the history of an unknown article", async function () {
      const { cid } = await idOf({ title: "Never", body: "Published.", publishedAt: "2026-01-01T00:00:00Z" });
      const res = await request(ctx.app).get(`/v1/articles/${cid}/history`).expect(404);
      expect(res.body.error.code).to.equal("article_not_anchored");
    });
  });

  describe("POST /v1/articles/:cid/retraction", function () {
    const reason = "The quoted figures could not be confirmed.";
    let record: { cid: string; contentHash: `0x${string}` };

    before(async function () {
      record = await publish({ title: "To retract", body: "A claim.", publishedAt: "2026-02-01T00:00:00Z" });
    });

    it("refuses a retraction signed by someone other than the publisher, without touching the chain", async function () {
      const signature = await signRetraction(ctx.other, ctx.deployment.address, ctx.chainId, { contentHash: record.contentHash, reason });
      const res = await request(ctx.app).post(`/v1/articles/${record.cid}/retraction`).send({ reason, signature }).expect(403);
      expect(res.body.error.code).to.equal("invalid_signature");
      expect((await request(ctx.app).get(`/v1/verify/${record.cid}`)).body.status).to.equal("anchored");
    });

    it("records the publisher's retraction; verify answers retracted with the reason and the time", async function () {
      const signature = await signRetraction(ctx.publisher, ctx.deployment.address, ctx.chainId, { contentHash: record.contentHash, reason });
      const res = await request(ctx.app).post(`/v1/articles/${record.cid}/retraction`).send({ reason, signature }).expect(200);
      expect(res.body).to.include({ verified: true, status: "retracted" });
      expect(res.body.retraction.reason).to.equal(reason);
      const onChain = await ctx.registry.getRetraction(record.contentHash);
      expect(new Date(Number(onChain.timestamp) * 1000).toISOString()).to.equal(res.body.retraction.retractedAt);
      const verified = await request(ctx.app).get(`/v1/verify/${record.cid}`).expect(200);
      expect(verified.body).to.deep.equal(res.body);
    });

    it("refuses a second retraction with 409", async function () {
      const signature = await signRetraction(ctx.publisher, ctx.deployment.address, ctx.chainId, { contentHash: record.contentHash, reason: "again" });
      const res = await request(ctx.app).post(`/v1/articles/${record.cid}/retraction`).send({ reason: "again", signature }).expect(409);
      expect(res.body.error.code).to.equal("article_already_retracted");
    });

    it("refuses a correction of a retracted version with 409 previous_retracted", async function () {
      const body = await ctx.publishBody({ title: "To retract", body: "A corrected claim.", publishedAt: "2026-02-01T00:00:00Z" }, ctx.publisher, record.contentHash);
      const res = await request(ctx.app).post("/v1/articles").send(body).expect(409);
      expect(res.body.error.code).to.equal("previous_retracted");
    });

    it("answers 404 for an article that was never anchored, and 400 for a blank reason", async function () {
      const { cid, contentHash } = await idOf({ title: "Never", body: "Anchored.", publishedAt: "2026-01-01T00:00:00Z" });
      const signature = await signRetraction(ctx.publisher, ctx.deployment.address, ctx.chainId, { contentHash: contentHash as `0x${string}`, reason });
      expect((await request(ctx.app).post(`/v1/articles/${cid}/retraction`).send({ reason, signature }).expect(404)).body.error.code).to.equal(
        "article_not_anchored",
      );
      expect((await request(ctx.app).post(`/v1/articles/${cid}/retraction`).send({ reason: "  ", signature }).expect(400)).body.error.code).to.equal(
        "invalid_request",
      );
    });
  });

  describe("a diff, once computed", function () {
    let kept: TestService;
    let dataDir: string;

    before(async function () {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-history-"));
      kept = await startTestService({ dataDir, workerThreads: 1 });
    });
    after(async function () {
      await kept.service.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it("is kept in the database and answered from there, even once the texts are gone", async function () {
      const original = frenchArticle();
      const first = (await request(kept.app).post("/v1/articles").send(await kept.publishBody(original)).expect(201)).body;
      const corrected = { ...original, body: original.body.replace("600 millions", "700 millions") };
      const second = (await request(kept.app).post("/v1/articles").send(await kept.publishBody(corrected, kept.publisher, first.contentHash)).expect(201)).body;
      const computed = (await request(kept.app).get(`/v1/articles/${second.cid}/history`).expect(200)).body;
      expect(computed.versions[1].diffBy).to.equal("word");

      // Through a connection of its own to the service's file: the stored pair, then no texts at all.
      const db = new Database(databaseFile(dataDir, kept.chainId, kept.deployment.address));
      expect(db.prepare("SELECT before_hash AS before, after_hash AS after, diff_by AS by FROM version_diffs").all()).to.deep.equal([
        { before: first.contentHash, after: second.contentHash, by: "word" },
      ]);
      db.prepare("DELETE FROM articles").run();
      db.close();
      await request(kept.app).get(`/v1/articles/${second.cid}`).expect(404);
      expect((await request(kept.app).get(`/v1/articles/${first.cid}/history`).expect(200)).body).to.deep.equal(computed);
    });
  });
});
