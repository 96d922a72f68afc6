import { expect } from "chai";
import request from "supertest";
import { ethers, network } from "hardhat";
import pino from "pino";
import { RegistryIndexer, type IndexerOptions } from "../../../server/chain/indexer";
import { BatchStore } from "../../../server/store/batches";
import { ChainIndex } from "../../../server/store/chainIndex";
import { openDatabase } from "../../../server/store/database";
import { sampleArticle } from "../../helpers/articles";
import { startTestService } from "../../helpers/service";

describe("RegistryIndexer", function () {
  let ctx: Awaited<ReturnType<typeof startTestService>>;

  beforeEach(async function () {
    ctx = await startTestService();
  });
  afterEach(async function () {
    await ctx.service.close();
  });

  /** A second indexer over an empty database, reading the same registry. */
  const freshIndexer = (options: Partial<IndexerOptions> = {}) => {
    const db = openDatabase(":memory:");
    const index = new ChainIndex(db);
    const indexer = new RegistryIndexer({
      registry: ctx.service.deps.chain.registry,
      provider: ethers.provider,
      index,
      batches: new BatchStore(db),
      startBlock: ctx.deployment.blockNumber,
      confirmations: 0,
      pollMs: 50,
      logger: pino({ level: "silent" }),
      ...options,
    });
    return { index, indexer };
  };

  const publish = async (n: number) =>
    (await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(sampleArticle(n))).expect(201)).body;

  describe("sync", function () {
    it("rebuilds, from the chain's events alone, the same index the live service holds", async function () {
      const published = [await publish(0), await publish(1), await publish(2), await publish(3)];
      const id = Number(await ctx.registry.publisherIdOf(ctx.publisher.address));
      await (await ctx.registry.revokePublisher(id)).wait();
      await ctx.service.deps.indexer.sync();

      // A small chunk size makes the rebuild walk the chain in several eth_getLogs ranges.
      const { index, indexer } = freshIndexer({ chunkSize: 2 });
      await indexer.sync();
      const live = ctx.service.index;
      for (const record of published) {
        expect(index.anchor(record.contentHash)).to.not.equal(undefined);
        expect(index.anchor(record.contentHash)).to.deep.equal(live.anchor(record.contentHash));
      }
      expect(index.publisherById(id)?.revokedAt).to.be.a("number");
      expect(index.publisherById(id)).to.deep.equal(live.publisherById(id));
      expect(index.cursor()).to.deep.equal(live.cursor());
    });

    it("forgets anchors the chain no longer has (a reorg or a reset development chain)", async function () {
      const snapshot = await network.provider.send("evm_snapshot");
      const record = await publish(10);
      expect((await request(ctx.app).get(`/v1/verify/${record.cid}`)).body.verified).to.equal(true);

      await network.provider.send("evm_revert", [snapshot]);
      await network.provider.send("hardhat_mine", ["0x3"]);
      await ctx.service.deps.indexer.sync();

      const after = await request(ctx.app).get(`/v1/verify/${record.cid}`).expect(200);
      expect(after.body).to.include({ verified: false, status: "unknown" });
      // What the chain still has is indexed again.
      const demo = await request(ctx.app).get(`/v1/publishers/${ctx.publisher.address}`).expect(200);
      expect(demo.body.name).to.equal("Demo Newsroom");
    });

    it("counts an anchor only once it has the configured confirmations", async function () {
      const { index, indexer } = freshIndexer({ confirmations: 2 });
      const record = await publish(11);
      await indexer.sync();
      expect(index.anchor(record.contentHash)).to.equal(undefined);
      await network.provider.send("hardhat_mine", ["0x2"]);
      await indexer.sync();
      expect(index.anchor(record.contentHash)?.blockNumber).to.equal(record.blockNumber);
    });
  });
});
