import { expect } from "chai";
import request from "supertest";
import { ethers, network } from "hardhat";
import pino from "pino";
import { ChainFollower, type ChainFollowerOptions } from "../../../server/chain/chainFollower";
import { RegistryReader } from "../../../server/chain/registryReader";
import { ProvenanceService } from "../../../server/services/provenance";
import { PublisherViews } from "../../../server/services/publisherViews";
import { ChainIndex } from "../../../server/store/chainIndex";
import { openDatabase } from "../../../server/store/database";
import { DomainCheckStore } from "../../../server/store/domainChecks";
import { sampleArticle } from "../../helpers/articles";
import { batchLeavesOf } from "../../helpers/batchLeaves";
import { startTestService } from "../../helpers/service";

describe("ChainFollower", function () {
  let ctx: Awaited<ReturnType<typeof startTestService>>;

  beforeEach(async function () {
    ctx = await startTestService();
  });
  afterEach(async function () {
    await ctx.service.close();
  });

  /** A second follower over an empty database, reading the same registry. */
  const freshIndexer = async (options: Partial<ChainFollowerOptions> = {}) => {
    const db = openDatabase(":memory:");
    const index = new ChainIndex(db);
    const registry = await RegistryReader.open(ethers.provider, ctx.deployment.address);
    const follower = new ChainFollower({
      registry,
      chainIndex: index,
      batchLeaves: batchLeavesOf(db, registry),
      startBlock: ctx.deployment.blockNumber,
      confirmations: 0,
      pollMs: 50,
      logger: pino({ level: "silent" }),
      ...options,
    });
    return { index, follower, publishers: new PublisherViews(index, new DomainCheckStore(db), new Map()) };
  };

  const publish = async (n: number) =>
    (await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(sampleArticle(n))).expect(201)).body;

  describe("sync", function () {
    it("rebuilds, from the chain's events alone, the same index the live service holds", async function () {
      const published = [await publish(0), await publish(1), await publish(2), await publish(3)];
      const id = Number(await ctx.registry.publisherIdOf(ctx.publisher.address));
      await (await ctx.registry.revokePublisher(id)).wait();
      const liveBlock = await ctx.service.syncIndex();

      // A small chunk size makes the rebuild walk the chain in several eth_getLogs ranges.
      const { index, follower, publishers } = await freshIndexer({ chunkSize: 2 });
      await follower.sync();
      // What the live service answers, the rebuilt index answers too.
      const rebuilt = new ProvenanceService(index, { chainId: ctx.chainId, address: ctx.deployment.address }, follower, publishers);
      for (const record of published) {
        expect(index.anchor(record.contentHash)).to.not.equal(undefined);
        expect(await rebuilt.describe(record.contentHash)).to.deep.equal((await request(ctx.app).get(`/v1/verify/${record.cid}`)).body);
      }
      expect(index.publisherById(id)?.revokedAt).to.be.a("number");
      expect(publishers.view(index.publisherById(id)!)).to.deep.equal((await request(ctx.app).get(`/v1/publishers/${ctx.publisher.address}`)).body);
      expect(index.cursor()?.blockNumber).to.equal(liveBlock);
    });

    it("forgets anchors the chain no longer has (a reorg or a reset development chain)", async function () {
      const snapshot = await network.provider.send("evm_snapshot");
      const record = await publish(10);
      expect((await request(ctx.app).get(`/v1/verify/${record.cid}`)).body.verified).to.equal(true);

      await network.provider.send("evm_revert", [snapshot]);
      await network.provider.send("hardhat_mine", ["0x3"]);
      await ctx.service.syncIndex();

      const after = await request(ctx.app).get(`/v1/verify/${record.cid}`).expect(200);
      expect(after.body).to.include({ verified: false, status: "unknown" });
      // What the chain still has is indexed again.
      const demo = await request(ctx.app).get(`/v1/publishers/${ctx.publisher.address}`).expect(200);
      expect(demo.body.name).to.equal("Demo Newsroom");
    });

    it("counts an anchor only once it has the configured confirmations", async function () {
      const { index, follower } = await freshIndexer({ confirmations: 2 });
      const record = await publish(11);
      await follower.sync();
      expect(index.anchor(record.contentHash)).to.equal(undefined);
      await network.provider.send("hardhat_mine", ["0x2"]);
      await follower.sync();
      expect(index.anchor(record.contentHash)?.blockNumber).to.equal(record.blockNumber);
    });
  });
});
