import zlib from "node:zlib";
import { expect } from "chai";
import { Wallet } from "ethers";
import type { Browser, Page } from "playwright-core";
import request from "supertest";
import { frenchArticle, idOf, sampleArticle } from "../helpers/articles";
import { launchChromium } from "../helpers/browser";
import { startPageServer } from "../helpers/pageServer";
import { startTestService, TEST_ADMIN_TOKEN, type TestService } from "../helpers/service";

// Abuse and bad input, one class at a time (test/server/fuzz.test.ts sends thousands at random),
// the rate limit on POST routes, and the security headers, checked in a browser too.


describe("security", function () {
  describe("each class of bad input has its own 4xx code", function () {
    let ctx: TestService;

    before(async function () {
      ctx = await startTestService({ maxBodyBytes: 64 * 1024 });
    });
    after(async function () {
      await ctx.service.close();
    });

    it("answers a path segment that is not UTF-8 once percent-decoded with 400 malformed_url", async function () {
      for (const route of ["/v1/verify/%E0%A4%A", "/v1/articles/%ff/history", "/v1/publishers/%ED%A0%80"]) {
        const res = await request(ctx.app).get(route).expect(400);
        expect(res.body.error.code, route).to.equal("malformed_url");
      }
    });

    it("answers a compressed body with 415 unsupported_encoding, before inflating it", async function () {
      const gzipped = zlib.gzipSync(JSON.stringify({ article: frenchArticle() }));
      for (const encoding of ["gzip", "deflate", "br"]) {
        const res = await request(ctx.app)
          .post("/v1/hash")
          .set({ "Content-Type": "application/json", "Content-Encoding": encoding })
          .send(gzipped)
          .expect(415);
        expect(res.body.error.code, encoding).to.equal("unsupported_encoding");
      }
    });

    /** These bytes as the body, as they are: superagent would serialize a Buffer as JSON (its types say a string, it writes a Buffer as well). */
    const sendBytes = (route: string, bytes: Buffer, type = "application/json") =>
      request(ctx.app).post(route).set("Content-Type", type).serialize((body: Buffer) => body as unknown as string).send(bytes);

    it("answers a charset other than UTF-8 with 415 unsupported_charset, Unicode ones included", async function () {
      const body = JSON.stringify({ article: frenchArticle() });
      for (const [charset, bytes] of [
        ["latin1", Buffer.from(body, "latin1")],
        ["utf-16le", Buffer.from(body, "utf16le")],
        ["utf-16", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, "utf16le")])],
        ["utf-32", Buffer.from(body, "utf8")],
        ["utf-7", Buffer.from(body, "utf8")],
      ] as const) {
        const res = await sendBytes("/v1/hash", bytes, `application/json; charset=${charset}`).expect(415);
        expect(res.body.error, charset).to.deep.include({ code: "unsupported_charset" });
      }
    });

    it("answers a body that is not valid UTF-8 with 400 invalid_utf8, where decoding would have made U+FFFD", async function () {
      const article = { title: "Tram vote", body: "The council voted.", publishedAt: "2026-11-29T09:00:00Z" };
      const [before, after] = JSON.stringify({ article }).split("council");
      // A lone continuation byte, a truncated sequence, an overlong "/", a CESU-8 surrogate, a byte never in UTF-8.
      for (const bad of [[0x80], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff]]) {
        const bytes = Buffer.concat([Buffer.from(before!), Buffer.from(bad), Buffer.from(after!)]);
        for (const route of ["/v1/hash", "/v1/verify", "/v1/articles"]) {
          const res = await sendBytes(route, bytes).expect(400);
          expect(res.body.error.code, `${route} ${Buffer.from(bad).toString("hex")}`).to.equal("invalid_utf8");
        }
      }
      // The text U+FFFD itself, written in UTF-8, is a character like any other.
      const replaced = Buffer.from(JSON.stringify({ article: { ...article, body: "The \ufffd voted." } }));
      await sendBytes("/v1/hash", replaced).expect(200);
    });

    it("answers a too long or malformed identifier with 400 invalid_identifier, whatever its length", async function () {
      for (const id of ["x".repeat(201), "not-a-cid", `0x${"ab".repeat(31)}`]) {
        const res = await request(ctx.app).get(`/v1/verify/${id}`).expect(400);
        expect(res.body.error.code, id).to.equal("invalid_identifier");
      }
    });

    it("refuses a publisher name or domain with a lone surrogate or a line break with 400, not a chain error", async function () {
      const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
      const address = Wallet.createRandom().address;
      // A lone surrogate has no UTF-8 form (the schema's); a line break or what is no domain name breaks an identity rule.
      for (const [name, domain, code] of [
        ["\ud800", "a.example", "invalid_request"],
        ["Le\nQuotidien", "a.example", "publisher_invalid_name"],
        ["Le Quotidien", "quotidien example", "publisher_invalid_name"],
        ["Le Quotidien", "-a.example", "publisher_invalid_name"],
      ]) {
        const res = await request(ctx.app)
          .post("/v1/publishers")
          .set(admin)
          .set("Content-Type", "application/json")
          .send(JSON.stringify({ address, name, domain }))
          .expect(400);
        expect(res.body.error.code).to.equal(code);
      }
    });

    it("lists at most 20 issues, however many unknown keys a body has", async function () {
      const body = Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`key${i}`, i]));
      const res = await request(ctx.app).post("/v1/verify/quote").send(body).expect(400);
      expect(res.body.error.details.issues).to.have.length.at.most(20);
      expect(res.text.length).to.be.below(10_000);
    });

    it("stores nothing for a claimed publisher whose signature the registry refuses", async function () {
      const article = sampleArticle(7);
      const { cid } = await idOf(article);
      const res = await request(ctx.app)
        .post("/v1/articles")
        .send({ article, signature: `0x${"11".repeat(65)}`, publisher: ctx.publisher.address })
        .expect(403);
      expect(res.body.error.code).to.equal("invalid_signature");
      await request(ctx.app).get(`/v1/articles/${cid}`).expect(404);
    });
  });

  describe("rate limit on POST routes (WRITE_RATE_LIMIT_PER_MINUTE)", function () {
    let ctx: TestService;

    before(async function () {
      ctx = await startTestService({ writeRateLimitPerMinute: 3 });
    });
    after(async function () {
      await ctx.service.close();
    });

    it("answers the POST over the limit with a JSON 429 rate_limited and Retry-After, and keeps GET open", async function () {
      const article = { article: frenchArticle() };
      for (let i = 0; i < 3; i++) {
        // A forged X-Forwarded-For does not make a new client: the service trusts no proxy header.
        const res = await request(ctx.app).post("/v1/hash").set("X-Forwarded-For", `203.0.113.${i}`).send(article).expect(200);
        expect(res.headers["ratelimit-policy"]).to.match(/; q=3; w=60\b/);
        expect(res.headers.ratelimit).to.match(new RegExp(`; r=${2 - i}; t=\\d+`));
      }
      const limited = await request(ctx.app).post("/v1/articles").send({}).expect(429);
      expect(limited.type).to.equal("application/json");
      expect(limited.body.error.code).to.equal("rate_limited");
      expect(Number(limited.headers["retry-after"])).to.be.within(1, 60);
      await request(ctx.app).get("/v1/domain").expect(200);
    });

    describe("bulk items refused for their signer or signature", function () {
      const LIMIT = 10;
      let budgeted: TestService;
      const stranger = Wallet.createRandom();
      /** Items no active publisher signed: an unregistered key's signatures, and signatures of no key. */
      const refusedItems = async (from: number, count: number) =>
        Promise.all(
          Array.from({ length: count }, async (_, i) => {
            const article = sampleArticle(from + i);
            return i % 2 === 0 ? budgeted.publishBody(article, stranger) : { article, signature: `0x${"11".repeat(65)}` };
          }),
        );
      const remaining = (res: request.Response) => Number(/; r=(\d+);/.exec(String(res.headers.ratelimit))![1]);

      beforeEach(async function () {
        budgeted = await startTestService({ writeRateLimitPerMinute: LIMIT });
      });
      afterEach(async function () {
        await budgeted.service.close();
      });

      it(`count one unit each of the ${LIMIT} a minute, and the request past the budget answers 429`, async function () {
        const bulk = await request(budgeted.app).post("/v1/articles/bulk").send({ items: await refusedItems(0, 5) }).expect(200);
        expect(bulk.body.results.map((result: { error: { code: string } }) => result.error.code)).to.have.members([
          "publisher_not_active", "invalid_signature", "publisher_not_active", "invalid_signature", "publisher_not_active",
        ]);
        // The bulk request's own unit, then its five refused items.
        const next = await request(budgeted.app).post("/v1/hash").send({ article: frenchArticle() }).expect(200);
        expect(remaining(next)).to.equal(LIMIT - 1 - 5 - 1);
        for (let left = remaining(next); left > 0; left--) await request(budgeted.app).post("/v1/hash").send({ article: frenchArticle() }).expect(200);
        const limited = await request(budgeted.app).post("/v1/hash").send({ article: frenchArticle() }).expect(429);
        expect(limited.body.error.code).to.equal("rate_limited");
      });

      it("charge nothing for the items of an active publisher, nor for items refused by their schema", async function () {
        const items = [await budgeted.publishBody(sampleArticle(100)), await budgeted.publishBody(sampleArticle(101)), { article: {} }, "not an item"];
        const bulk = await request(budgeted.app).post("/v1/articles/bulk").send({ items }).expect(200);
        expect(bulk.body.summary).to.deep.equal({ accepted: 2, failed: 2 });
        const next = await request(budgeted.app).post("/v1/hash").send({ article: frenchArticle() }).expect(200);
        expect(remaining(next)).to.equal(LIMIT - 2);
      });

      it("bound what requests sent at once spend: the budget and one request's items, not one bulk per unit", async function () {
        const bodies = await Promise.all(Array.from({ length: 5 }, async (_, i) => ({ items: await refusedItems(10 * i, 5) })));
        const answers = await Promise.all(bodies.map((body) => request(budgeted.app).post("/v1/articles/bulk").send(body)));
        const recovered = answers.filter((res) => res.status === 200).reduce((sum, res) => sum + res.body.results.length, 0);
        const limited = answers.filter((res) => res.status === 429);
        // Counted one unit a request, all five would have run: 25 refused items.
        expect(recovered).to.be.at.most(LIMIT + 5);
        expect(limited).to.have.length.at.least(1);
        for (const res of limited) {
          expect(res.body.error.code).to.equal("rate_limited");
          expect(Number(res.headers["retry-after"])).to.be.within(1, 60);
        }
      });
    });

    it("is off when set to 0, as in the other tests", async function () {
      const unlimited = await startTestService({ writeRateLimitPerMinute: 0 });
      try {
        for (let i = 0; i < 10; i++) await request(unlimited.app).post("/v1/hash").send({ article: frenchArticle() }).expect(200);
      } finally {
        await unlimited.service.close();
      }
    });
  });

  describe("security headers (helmet)", function () {
    let ctx: Awaited<ReturnType<typeof startPageServer>>;
    let browser: Browser;

    before(async function () {
      browser = await launchChromium();
      ctx = await startPageServer();
    });
    after(async function () {
      await browser?.close();
      await ctx?.close();
    });

    it("sets them on every answer: JSON, errors, the reader's page and /docs", async function () {
      const answers = [
        await request(ctx.app).get("/healthz"),
        await request(ctx.app).get("/nowhere"),
        await request(ctx.app).post("/v1/hash").set("Content-Type", "text/plain").send("x"),
        await request(ctx.app).get("/"),
        await request(ctx.app).get("/docs/"),
      ];
      for (const res of answers) {
        const where = `${res.status} ${res.type}`;
        const csp = res.headers["content-security-policy"] ?? "";
        expect(csp, where).to.contain("default-src 'self'");
        expect(/script-src ([^;]*)/.exec(csp)?.[1], where).to.equal("'self'");
        expect(csp, where).to.contain("object-src 'none'");
        expect(csp, where).to.not.contain("upgrade-insecure-requests");
        expect(res.headers, where).to.include({
          "x-content-type-options": "nosniff",
          "x-frame-options": "SAMEORIGIN",
          "referrer-policy": "no-referrer",
          "cross-origin-opener-policy": "same-origin",
        });
        expect(res.headers["strict-transport-security"], where).to.match(/^max-age=\d+/);
        expect(res.headers, where).to.not.have.property("x-powered-by");
      }
    });

    /** Opens a page and returns what Chromium refused under the Content Security Policy. */
    async function cspViolations(route: string, ready: (page: Page) => Promise<unknown>): Promise<string[]> {
      const page = await browser.newPage();
      const refused: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
      });
      try {
        await page.goto(ctx.base + route);
        await ready(page);
        await page.waitForLoadState("networkidle");
      } finally {
        await page.close();
      }
      return refused;
    }

    it("lets Swagger UI at /docs run under script-src 'self'", async function () {
      const refused = await cspViolations("/docs/", (page) => page.locator(".swagger-ui .opblock").first().waitFor());
      expect(refused).to.deep.equal([]);
    });

    it("lets the reader's page at / run its bundled script under script-src 'self'", async function () {
      const refused = await cspViolations("/", (page) => page.getByRole("tab", { name: "Check a quote" }).click());
      expect(refused).to.deep.equal([]);
    });
  });
});
