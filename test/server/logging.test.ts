import { expect } from "chai";
import { ethers } from "hardhat";
import pino from "pino";
import request from "supertest";
import { createApp } from "../../server/app";
import { createMetrics } from "../../server/metrics";
import { frenchArticle } from "../helpers/articles";
import { startTestService, TEST_ADMIN_TOKEN } from "../helpers/service";

type LogLine = Record<string, any>; // pino's JSON lines, checked field by field below.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("request logging", function () {
  let ctx: Awaited<ReturnType<typeof startTestService>>;
  const lines: string[] = [];
  const logs = () => lines.map((line) => JSON.parse(line) as LogLine);
  /** Called on every line written. */
  const onLine = new Set<() => void>();

  /**
   * The request's completion line: written once its answer is sent, so it may trail the answer a
   * little. Waits for it to be written (mocha's timeout ends a wait for a line that never comes).
   */
  function completionOf(requestId: string): Promise<LogLine> {
    return new Promise((resolve) => {
      const check = () => {
        const line = logs().find((log) => log.req?.id === requestId && log.res);
        if (!line) return;
        onLine.delete(check);
        resolve(line);
      };
      onLine.add(check);
      check();
    });
  }

  const logger = pino(
    { level: "info" },
    {
      write: (line: string) => {
        lines.push(line);
        for (const listener of onLine) listener();
      },
    },
  );
  const APP_OPTIONS = { adminToken: TEST_ADMIN_TOKEN, maxBodyBytes: 1024 * 1024, writeRateLimitPerMinute: 0 };

  before(async function () {
    ctx = await startTestService({ logger });
  });
  after(async function () {
    await ctx.service.close();
  });

  describe("X-Request-Id", function () {
    it("is generated for a request that brings none, and names its log line", async function () {
      const res = await request(ctx.app).get("/v1/domain").expect(200);
      const id = res.get("X-Request-Id")!;
      expect(id).to.match(UUID);
      const line = await completionOf(id);
      expect(line).to.deep.include({ level: 30, msg: "request completed" });
      expect(line.req).to.include({ method: "GET", url: "/v1/domain" });
      expect(line.res).to.deep.equal({ statusCode: 200 });
    });

    it("is the caller's own when it is a short safe token", async function () {
      const res = await request(ctx.app).get("/v1/domain").set("X-Request-Id", "edge-7f3a.42_b").expect(200);
      expect(res.get("X-Request-Id")).to.equal("edge-7f3a.42_b");
      await completionOf("edge-7f3a.42_b");
    });

    it("replaces a caller's id that is too long or holds other characters", async function () {
      for (const unsafe of ["x".repeat(65), "a b", "<script>", "id;drop", "é"]) {
        const res = await request(ctx.app).get("/v1/domain").set("X-Request-Id", unsafe).expect(200);
        expect(res.get("X-Request-Id"), unsafe).to.match(UUID);
      }
    });
  });

  describe("error bodies", function () {
    it("carry the request id, for errors of the routes, of the body parser and of unknown routes", async function () {
      const answers = [
        await request(ctx.app).get("/nowhere").set("X-Request-Id", "trace-404").expect(404),
        await request(ctx.app).post("/v1/hash").set("Content-Type", "application/json").send('{"article": ').expect(400),
        await request(ctx.app).post("/v1/hash").set("Content-Type", "text/plain").send("hello").expect(415),
        await request(ctx.app).post("/v1/hash").send({ article: { title: "No body" } }).expect(400),
      ];
      expect(answers[0]!.body.error.requestId).to.equal("trace-404");
      for (const res of answers) {
        expect(res.body.error.requestId, res.body.error.code).to.equal(res.get("X-Request-Id"));
      }
    });
  });

  describe("what is logged", function () {
    it("redacts the Authorization header", async function () {
      const body = { address: ethers.Wallet.createRandom().address, name: "Le Quotidien", domain: "quotidien.example" };
      const res = await request(ctx.app).post("/v1/publishers").set("Authorization", `Bearer ${TEST_ADMIN_TOKEN}`).send(body).expect(201);
      const line = await completionOf(res.get("X-Request-Id")!);
      expect(line.req.authorization).to.equal("[redacted]");
      const wrong = await request(ctx.app).post("/v1/publishers").set("Authorization", "Bearer a-wrong-guess-0123456789").send(body).expect(401);
      await completionOf(wrong.get("X-Request-Id")!);
      expect(lines.join("")).to.not.contain(TEST_ADMIN_TOKEN).and.not.contain("a-wrong-guess-0123456789");
    });

    it("never holds an article's text", async function () {
      const article = frenchArticle();
      const res = await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(article)).expect(201);
      await completionOf(res.get("X-Request-Id")!);
      const all = lines.join("");
      expect(all).to.not.contain(article.title.slice(0, 40));
      expect(all).to.not.contain(JSON.stringify(article.body.slice(200, 260)).slice(1, -1));
    });

    it("logs a failure of the service at error level, with the request id", async function () {
      // The app in front of a publisher service with a bug in it: everything else is the test service's.
      const { services } = ctx.service;
      const broken = Object.create(services.publishers, {
        list: {
          value: () => {
            throw new Error("the index is corrupt");
          },
        },
      }) as typeof services.publishers;
      const app = createApp({ ...services, publishers: broken }, { ...APP_OPTIONS, logger, metrics: createMetrics({ relayerBalance: async () => 0n }) });
      const res = await request(app).get("/v1/publishers").expect(500);
      expect(res.body.error).to.deep.equal({ code: "internal_error", message: "the service failed to handle this request", requestId: res.get("X-Request-Id") });
      const id = res.get("X-Request-Id")!;
      await completionOf(id);
      const failure = logs().find((log) => log.msg === "unhandled error" && log.req?.id === id);
      expect(failure).to.deep.include({ level: 50 });
      expect(failure!.err.message).to.equal("the index is corrupt");
    });
  });
});
