import { setImmediate as setImmediatePromise } from "node:timers/promises";
import http, { type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { closeHttpServer } from "../../server/closeHttpServer";
import { network } from "hardhat";
import { frenchArticle, idOf } from "../helpers/articles";
import { mine, restoreAutomine, setAutomine } from "../helpers/mining";
import { startTestService } from "../helpers/service";

const listen = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

/** Transactions the in-process node holds unmined. */
const pendingTransactions = async () =>
  ((await network.provider.send("eth_getBlockByNumber", ["pending", false])) as { transactions: string[] }).transactions.length;

describe("closeHttpServer", function () {
  describe("with the service behind it", function () {
    let ctx: Awaited<ReturnType<typeof startTestService>>;

    before(async function () {
      ctx = await startTestService();
    });

    it("lets a request in flight finish, refuses new connections, then lets the service close", async function () {
      const server = http.createServer(ctx.app);
      const base = await listen(server);
      // A publication whose transaction waits in the node's pool until the test mines it: the
      // answer must still arrive whole.
      const { cid } = await idOf(frenchArticle());
      await setAutomine(false);
      try {
        // fetch keeps its connection alive: the server must not wait for it to time out.
        const inFlight = fetch(`${base}/v1/articles`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(await ctx.publishBody(frenchArticle())),
        });
        while ((await pendingTransactions()) === 0) await setImmediatePromise();

        const closed = closeHttpServer(server, 10_000);
        const refused = await fetch(`${base}/healthz`).then(() => false, () => true);
        const startedAt = Date.now();
        await mine();
        const answer = await inFlight;
        expect(answer.status).to.equal(201);
        expect(await answer.json()).to.include({ cid, status: "anchored" });
        await closed;
        expect(refused, "a new connection was accepted while closing").to.equal(true);
        expect(Date.now() - startedAt, "closing waited for the kept-alive connection to time out").to.be.below(5_000);
      } finally {
        await restoreAutomine();
      }
      await ctx.service.close();
    });
  });

  describe("with a request that outlasts the grace period", function () {
    it("cuts it once the grace period is over", async function () {
      let arrived: () => void;
      const handling = new Promise<void>((resolve) => (arrived = resolve));
      const server = http.createServer(() => arrived()); // Never answers.
      const base = await listen(server);
      const hanging = fetch(`${base}/`).then(() => "answered", () => "cut");
      await handling;
      const startedAt = Date.now();
      await closeHttpServer(server, 200);
      expect(Date.now() - startedAt).to.be.within(150, 1_500);
      expect(await hanging).to.equal("cut");
    });
  });
});
