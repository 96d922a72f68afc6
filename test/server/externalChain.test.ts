import { expect } from "chai";
import request from "supertest";
import { Wallet } from "ethers";
import { operatorWallet } from "../../server/chain/operatorWallet";
import { loadConfig } from "../../server/config";
import { NO_PREVIOUS } from "../../protocol";
import type { Service } from "../../server/service";
import { frenchArticle, idOf, sampleArticle } from "../helpers/articles";
import { KEY_0, KEY_1, startExternalChain } from "../helpers/externalChain";
import { relayerKeystoreFiles } from "../helpers/keys";
import { signPublication } from "../helpers/registry";

describe("service on an external chain (a separately started `hardhat node`)", function () {
  let chain: Awaited<ReturnType<typeof startExternalChain>>;
  let service: Service;

  before(async function () {
    chain = await startExternalChain();
    service = await chain.service();
  });
  after(async function () {
    await service?.close();
    await chain?.stop();
  });

  it("publishes and verifies the French fixture over JSON-RPC", async function () {
    const article = frenchArticle();
    const { contentHash, cid } = await idOf(article);
    const { chainId, registryAddress: address } = service;
    const signature = await signPublication(new Wallet(KEY_1), address, chainId, { contentHash, previous: NO_PREVIOUS });

    const published = await request(service.app).post("/v1/articles").send({ article, signature }).expect(201);
    expect(published.body).to.include({ cid, verified: true, chainId: 31337 });
    expect(published.body.publisher.name).to.equal("Demo Newsroom");
    const receipt = await chain.provider.getTransactionReceipt(published.body.txHash);
    expect(receipt?.status).to.equal(1);

    const verified = await request(service.app).get(`/v1/verify/${cid}`).expect(200);
    expect(verified.body).to.deep.equal(published.body);
  });

  it("relays with a key decrypted from RELAYER_KEYSTORE and its password file", async function () {
    const { keystore, passwordFile } = await relayerKeystoreFiles("relayer keystore password");
    const config = loadConfig({
      RPC_URL: chain.url,
      REGISTRY_ADDRESS: chain.deployment.address,
      RELAYER_KEYSTORE: keystore,
      RELAYER_KEYSTORE_PASSWORD_FILE: passwordFile,
    });
    if (config.chain.mode !== "external") throw new Error("RPC_URL should select the external chain");
    const relayer = await operatorWallet(config.chain.relayer, chain.provider, "RELAYER_KEYSTORE");
    const keystoreService = await chain.service({ relayer });
    try {
      const article = sampleArticle(1);
      const { contentHash } = await idOf(article);
      const { chainId, registryAddress: address } = keystoreService;
      const signature = await signPublication(new Wallet(KEY_1), address, chainId, { contentHash, previous: NO_PREVIOUS });
      const published = await request(keystoreService.app).post("/v1/articles").send({ article, signature }).expect(201);
      const tx = await chain.provider.getTransaction(published.body.txHash);
      expect(tx?.from).to.equal(new Wallet(KEY_0).address);
    } finally {
      await keystoreService.close();
    }
  });

  it("refuses to start against an address where no registry is deployed", async function () {
    const nowhere = Wallet.createRandom().address;
    let failure: unknown;
    try {
      await chain.service({ registryAddress: nowhere });
    } catch (error) {
      failure = error;
    }
    expect(failure).to.be.instanceOf(Error);
    expect((failure as Error).message).to.contain(`no registry contract at ${nowhere}`);
  });
});
