import { expect } from "chai";
import request from "supertest";
import { Wallet } from "ethers";
import { deployRegistry } from "../../server/chain/deployRegistry";
import { NO_PREVIOUS } from "../../protocol";
import type { Service } from "../../server/service";
import { frenchArticle, idOf } from "../helpers/articles";
import { KEY_0, KEY_1, startExternalChain } from "../helpers/externalChain";
import { signPublication } from "../helpers/registry";
import { until } from "../helpers/until";

describe("service on an external chain whose registry vanishes (a reset `hardhat node`)", function () {
  let chain: Awaited<ReturnType<typeof startExternalChain>>;
  let service: Service;
  let cid: string;

  /** Asks /healthz until it answers `status`: the follower notices a change at its next poll. */
  const healthBecomes = (status: string) =>
    until(`/healthz to answer ${status}`, async () => {
      const res = await request(service.app).get("/healthz");
      return res.body.status === status ? res : undefined;
    }, { everyMs: 100 });

  before(async function () {
    chain = await startExternalChain();
    service = await chain.service({ indexerPollMs: 100 });
    const article = frenchArticle();
    const { contentHash } = await idOf(article);
    const { chainId, registryAddress: address } = service;
    const signature = await signPublication(new Wallet(KEY_1), address, chainId, { contentHash, previous: NO_PREVIOUS });
    cid = (await request(service.app).post("/v1/articles").send({ article, signature }).expect(201)).body.cid;
    expect((await request(service.app).get("/healthz").expect(200)).body.status).to.equal("ok");
  });
  after(async function () {
    await service?.close();
    await chain?.stop();
  });

  describe("once the chain is reset under the running service", function () {
    before(async function () {
      await chain.reset();
    });

    it("answers 503 registry_missing at /healthz, saying why", async function () {
      const res = await healthBecomes("registry_missing");
      expect(res.status).to.equal(503);
      expect(res.body).to.include({ status: "registry_missing", chainId: 31337, registry: chain.deployment.address, blockNumber: 0 });
      expect(res.body.reason).to.contain(`no registry contract at ${chain.deployment.address} any more`);
    });

    it("refuses to verify, by CID or by content, with 503 registry_unavailable", async function () {
      const byCid = await request(service.app).get(`/v1/verify/${cid}`).expect(503);
      expect(byCid.body.error.code).to.equal("registry_unavailable");
      expect(byCid.body.error.message).to.contain("no registry contract at");
      const byContent = await request(service.app).post("/v1/verify").send({ article: frenchArticle() }).expect(503);
      expect(byContent.body.error.code).to.equal("registry_unavailable");
    });

    it("refuses to publish, with 503 registry_unavailable", async function () {
      const article = { ...frenchArticle(), title: "Another article" };
      const { contentHash } = await idOf(article);
      const { chainId, registryAddress: address } = service;
      const signature = await signPublication(new Wallet(KEY_1), address, chainId, { contentHash, previous: NO_PREVIOUS });
      const res = await request(service.app).post("/v1/articles").send({ article, signature }).expect(503);
      expect(res.body.error.code).to.equal("registry_unavailable");
    });

    it("refuses a new service on it at startup, saying why", async function () {
      let failure: unknown;
      await chain.service().then(
        (started) => started.close(),
        (error: unknown) => (failure = error),
      );
      expect((failure as Error | undefined)?.message).to.contain(`no registry contract at ${chain.deployment.address}`);
    });
  });

  describe("once the registry is deployed there again", function () {
    before(async function () {
      const redeployed = await deployRegistry(new Wallet(KEY_0, chain.provider));
      expect(redeployed.address).to.equal(chain.deployment.address);
    });

    it("is healthy again", async function () {
      const res = await healthBecomes("ok");
      expect(res.status).to.equal(200);
    });

    it("verifies against the new registry only, which knows nothing of the old chain's anchors", async function () {
      const res = await request(service.app).get(`/v1/verify/${cid}`).expect(200);
      expect(res.body).to.include({ verified: false, status: "unknown" });
    });
  });
});
