import { expect } from "chai";
import request from "supertest";
import { ethers } from "hardhat";
import { useTestService, TEST_ADMIN_TOKEN } from "../helpers/service";

describe("publishers API", function () {
  const ctx = useTestService();
  const newsroom = ethers.Wallet.createRandom();

  describe("POST /v1/publishers", function () {
    const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

    it("registers a publisher on chain and answers 201", async function () {
      const res = await request(ctx.app)
        .post("/v1/publishers")
        .set(admin)
        .send({ address: newsroom.address.toLowerCase(), name: "Le Quotidien", domain: "quotidien.example" })
        .expect(201);
      expect(res.body).to.include({ address: newsroom.address, name: "Le Quotidien", domain: "quotidien.example", active: true });
      const onChain = await ctx.registry.getPublisher(res.body.id);
      expect(onChain.key).to.equal(newsroom.address);
      expect(onChain.name).to.equal("Le Quotidien");
    });

    it("answers 409 when the key already belongs to a publisher", async function () {
      const res = await request(ctx.app)
        .post("/v1/publishers")
        .set(admin)
        .send({ address: ctx.publisher.address, name: "Again", domain: "again.example" })
        .expect(409);
      expect(res.body.error.code).to.equal("publisher_already_registered");
    });

    it("answers 401 without the admin token, or with a wrong one, and changes nothing", async function () {
      const body = { address: ethers.Wallet.createRandom().address, name: "Intruder", domain: "intruder.example" };
      const blockBefore = await ethers.provider.getBlockNumber();
      for (const headers of [{}, { Authorization: "Bearer wrong-token" }, { Authorization: TEST_ADMIN_TOKEN }]) {
        const res = await request(ctx.app).post("/v1/publishers").set(headers).send(body).expect(401);
        expect(res.body.error.code).to.equal("unauthorized");
      }
      expect(await ethers.provider.getBlockNumber()).to.equal(blockBefore);
    });

    it("answers 400 for a bad address or an empty name", async function () {
      for (const body of [
        { address: "0x123", name: "Bad", domain: "bad.example" },
        { address: ethers.Wallet.createRandom().address, name: "  ", domain: "bad.example" },
      ]) {
        const res = await request(ctx.app).post("/v1/publishers").set(admin).send(body).expect(400);
        expect(res.body.error.code).to.equal("invalid_request");
      }
    });
  });

  describe("GET /v1/publishers/:address", function () {
    it("reads the demo publisher", async function () {
      const res = await request(ctx.app).get(`/v1/publishers/${ctx.publisher.address}`).expect(200);
      expect(res.body).to.include({ id: 1, address: ctx.publisher.address, name: "Demo Newsroom", domain: "demo.example", revokedAt: null });
    });

    it("shows a revocation made on chain", async function () {
      const target = ethers.Wallet.createRandom();
      await (await ctx.registry.registerPublisher(target.address, "Short-lived", "short.example")).wait();
      const id = await ctx.registry.publisherIdOf(target.address);
      await (await ctx.registry.revokePublisher(id)).wait();
      await ctx.service.syncIndex();
      const res = await request(ctx.app).get(`/v1/publishers/${target.address}`).expect(200);
      expect(res.body.active).to.equal(false);
      expect(res.body.revokedAt).to.be.a("string");
    });

    it("answers 404 for an unknown address and 400 for a malformed one", async function () {
      expect((await request(ctx.app).get(`/v1/publishers/${ethers.Wallet.createRandom().address}`).expect(404)).body.error.code).to.equal("not_found");
      expect((await request(ctx.app).get("/v1/publishers/nobody").expect(400)).body.error.code).to.equal("invalid_request");
    });
  });
});
