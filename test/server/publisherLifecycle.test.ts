import { expect } from "chai";
import request from "supertest";
import { ethers } from "hardhat";
import type { HDNodeWallet } from "ethers";
import { sampleArticle } from "../helpers/articles";
import { signKeyRotation } from "../helpers/registry";
import { startTestService, TEST_ADMIN_TOKEN } from "../helpers/service";

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

describe("publisher identity lifecycle", function () {
  let ctx: Awaited<ReturnType<typeof startTestService>>;

  beforeEach(async function () {
    ctx = await startTestService();
  });
  afterEach(async function () {
    await ctx.service.close();
  });

  const publish = async (n: number, signer = ctx.publisher as Parameters<typeof ctx.publishBody>[1]) =>
    request(ctx.app).post("/v1/articles").send(await ctx.publishBody(sampleArticle(n), signer));

  /** A fresh key with no ETH: a publisher never needs any. */
  const newKey = (): HDNodeWallet => ethers.Wallet.createRandom(ethers.provider);

  describe("key rotation", function () {
    it("moves the identity to a new key signed for by the current key: old articles keep their publisher, the old key can no longer sign", async function () {
      const old = (await publish(1)).body;
      const next = newKey();
      const nonce = BigInt((await request(ctx.app).get(`/v1/publishers/${ctx.publisher.address}`)).body.keyRotationNonce);
      const signature = await signKeyRotation(ctx.publisher, ctx.deployment.address, ctx.chainId, {
        publisherId: 1,
        newKey: next.address as `0x${string}`,
        nonce,
      });
      const rotated = await request(ctx.app)
        .post(`/v1/publishers/${ctx.publisher.address}/rotation`)
        .send({ newKey: next.address, signature })
        .expect(200);
      expect(rotated.body).to.include({ id: 1, address: next.address, name: "Demo Newsroom", keyRotationNonce: 1 });

      const verified = await request(ctx.app).get(`/v1/verify/${old.cid}`).expect(200);
      expect(verified.body).to.include({ verified: true, signer: ctx.publisher.address });
      expect(verified.body.publisher).to.include({ id: 1, name: "Demo Newsroom", address: next.address });
      // Both keys lead to the identity.
      expect((await request(ctx.app).get(`/v1/publishers/${ctx.publisher.address}`)).body.address).to.equal(next.address);

      expect((await publish(2)).status).to.equal(403);
      const byNewKey = await publish(3, next);
      expect(byNewKey.status).to.equal(201);
      expect(byNewKey.body.publisher.name).to.equal("Demo Newsroom");
    });

    it("lets a registrar rotate with the admin token alone", async function () {
      const next = newKey();
      const res = await request(ctx.app).post(`/v1/publishers/${ctx.publisher.address}/rotation`).set(admin).send({ newKey: next.address }).expect(200);
      expect(res.body.address).to.equal(next.address);
    });

    it("refuses a rotation signed by a stranger, although the relayer holds the registrar role", async function () {
      const next = newKey();
      const signature = await signKeyRotation(ctx.other, ctx.deployment.address, ctx.chainId, { publisherId: 1, newKey: next.address as `0x${string}`, nonce: 0n });
      const res = await request(ctx.app).post(`/v1/publishers/${ctx.publisher.address}/rotation`).send({ newKey: next.address, signature }).expect(403);
      expect(res.body.error.code).to.equal("invalid_signature");
      expect((await request(ctx.app).get(`/v1/publishers/${ctx.publisher.address}`)).body.address).to.equal(ctx.publisher.address);
    });

    it("refuses a rotation with neither a signature nor the admin token (400), or with a wrong token (401)", async function () {
      const next = newKey();
      const route = `/v1/publishers/${ctx.publisher.address}/rotation`;
      expect((await request(ctx.app).post(route).send({ newKey: next.address }).expect(400)).body.error.code).to.equal("invalid_request");
      expect((await request(ctx.app).post(route).set("Authorization", "Bearer nope").send({ newKey: next.address }).expect(401)).body.error.code).to.equal(
        "unauthorized",
      );
    });
  });

  describe("revocation", function () {
    it("keeps articles anchored before the revocation verified, with publisherRevokedAt, and rejects new ones", async function () {
      const before = (await publish(4)).body;
      const revoked = await request(ctx.app).post(`/v1/publishers/${ctx.publisher.address}/revocation`).set(admin).expect(200);
      expect(revoked.body).to.include({ active: false });

      const verified = await request(ctx.app).get(`/v1/verify/${before.cid}`).expect(200);
      expect(verified.body).to.include({ verified: true, status: "anchored", publisherRevokedAt: revoked.body.revokedAt });

      const after = await publish(5);
      expect(after.status).to.equal(403);
      expect(after.body.error.code).to.equal("publisher_not_active");
    });

    it("needs the admin token, and answers 409 for a second revocation", async function () {
      const route = `/v1/publishers/${ctx.publisher.address}/revocation`;
      await request(ctx.app).post(route).expect(401);
      await request(ctx.app).post(route).set(admin).expect(200);
      expect((await request(ctx.app).post(route).set(admin).expect(409)).body.error.code).to.equal("publisher_already_revoked");
    });
  });

  describe("GET /v1/publishers and /v1/publishers/:address/articles", function () {
    it("lists publishers and a publisher's recent articles, newest first", async function () {
      const first = (await publish(6)).body;
      const second = (await publish(7)).body;
      const list = await request(ctx.app).get("/v1/publishers").expect(200);
      expect(list.body.publishers.map((p: { name: string }) => p.name)).to.deep.equal(["Demo Newsroom"]);
      const recent = await request(ctx.app).get(`/v1/publishers/${ctx.publisher.address}/articles?limit=1`).expect(200);
      expect(recent.body.articles.map((a: { cid: string }) => a.cid)).to.deep.equal([second.cid]);
      const all = await request(ctx.app).get(`/v1/publishers/${ctx.publisher.address}/articles`).expect(200);
      expect(all.body.articles.map((a: { cid: string }) => a.cid)).to.deep.equal([second.cid, first.cid]);
    });
  });
});
