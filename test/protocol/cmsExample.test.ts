import { expect } from "chai";
import request from "supertest";
import { ethers } from "hardhat";
import { Wallet } from "ethers";
import { identifyArticle, NO_PREVIOUS, parseArticle, protocolDomain, signPublication, type Hex } from "../../protocol";
import { TEST_ADMIN_TOKEN, useTestService } from "../helpers/service";

// The README's "From a newsroom's CMS" example, step by step, against the real service: what a CMS
// computes with the protocol module alone is what the service accepts and anchors.
describe("the protocol module in a newsroom's CMS (README)", function () {
  const ctx = useTestService();

  it("computes the CID and signs the publication without the service, which then anchors it as sent", async function () {
    const article = { title: "Tram vote", body: "The council voted 31 to 12.", publishedAt: "2026-11-29T09:00:00Z", language: "en" };
    const parsed = parseArticle(article);
    if (!parsed.success) throw new Error(parsed.issues.map((issue) => `${issue.rule}: ${issue.message}`).join("; "));
    const { cid, contentHash } = await identifyArticle(parsed.article);

    const domain = protocolDomain((await ethers.provider.getNetwork()).chainId, ctx.deployment.address);
    const newsroomKey = Wallet.createRandom();
    const signature = await signPublication(newsroomKey, domain, { contentHash, previous: NO_PREVIOUS });

    const registrar = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
    await request(ctx.app).post("/v1/publishers").set(registrar).send({ address: newsroomKey.address, name: "CMS Newsroom", domain: "cms.example" }).expect(201);
    const anchored = await request(ctx.app).post("/v1/articles").send({ article, signature }).expect(201);
    expect(anchored.body).to.include({ cid, contentHash, signer: newsroomKey.address as Hex, status: "anchored" });
    expect((await request(ctx.app).post("/v1/hash").send({ article })).body).to.include({ cid, contentHash });
  });
});
