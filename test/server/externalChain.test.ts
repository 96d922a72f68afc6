import { expect } from "chai";
import request from "supertest";
import { JsonRpcProvider, Wallet } from "ethers";
import pino from "pino";
import { deployRegistry } from "../../server/chain/deployRegistry";
import { jsonRpcProvider } from "../../server/chain/jsonRpcProvider";
import { NO_PREVIOUS } from "../../server/protocol";
import { createService, type Service } from "../../server/service";
import { ArticleRegistry__factory } from "../../typechain-types";
import { frenchArticle, idOf } from "../helpers/articles";
import { freePort, HARDHAT_BIN, startChild, type Child } from "../helpers/processes";
import { signPublication } from "../helpers/registry";

// Hardhat's well-known public test keys #0 and #1: `npx hardhat node` funds them. Not secrets.
const KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

describe("service on an external chain (a separately started `hardhat node`)", function () {
  let node: Child;
  let provider: JsonRpcProvider;
  let service: Service;

  const serviceOn = (registryAddress: string, startBlock: number) =>
    createService({
      provider,
      relayer: new Wallet(KEY_0, provider),
      registryAddress,
      startBlock,
      dataDir: ":memory:",
      confirmations: 0,
      indexerPollMs: 100,
      adminToken: undefined,
      maxBodyBytes: 1024 * 1024,
      logger: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    });

  before(async function () {
    const port = await freePort();
    node = await startChild([HARDHAT_BIN, "node", "--hostname", "127.0.0.1", "--port", String(port)], {}, /Started HTTP and WebSocket JSON-RPC server/);
    provider = jsonRpcProvider(`http://127.0.0.1:${port}`);
    const deployer = new Wallet(KEY_0, provider);
    const deployment = await deployRegistry(deployer);
    const registry = ArticleRegistry__factory.connect(deployment.address, deployer);
    await (await registry.registerPublisher(new Wallet(KEY_1).address, "Demo Newsroom", "demo.example")).wait();
    service = await serviceOn(deployment.address, deployment.blockNumber);
  });
  after(async function () {
    await service?.close();
    provider?.destroy();
    await node?.stop();
  });

  it("publishes and verifies the French fixture over JSON-RPC", async function () {
    const article = frenchArticle();
    const { contentHash, cid } = await idOf(article);
    const { chainId, address } = service.deps.chain;
    const signature = await signPublication(new Wallet(KEY_1), address, chainId, { contentHash, previous: NO_PREVIOUS });

    const published = await request(service.app).post("/v1/articles").send({ article, signature }).expect(201);
    expect(published.body).to.include({ cid, verified: true, chainId: 31337 });
    expect(published.body.publisher.name).to.equal("Demo Newsroom");
    const receipt = await provider.getTransactionReceipt(published.body.txHash);
    expect(receipt?.status).to.equal(1);

    const verified = await request(service.app).get(`/v1/verify/${cid}`).expect(200);
    expect(verified.body).to.deep.equal(published.body);
  });

  it("refuses to start against an address where no registry is deployed", async function () {
    const nowhere = Wallet.createRandom().address;
    let failure: unknown;
    try {
      await serviceOn(nowhere, 0);
    } catch (error) {
      failure = error;
    }
    expect(failure).to.be.instanceOf(Error);
    expect((failure as Error).message).to.contain(`no registry contract at ${nowhere}`);
  });
});
