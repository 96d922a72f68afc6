import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { keccak256, Wallet, ZeroHash, type TransactionRequest } from "ethers";
import { isPublicTestAccount, PUBLIC_TEST_ACCOUNTS } from "../../protocol";
import { ArticleRegistry__factory, type ArticleRegistry } from "../../typechain-types";
import { frenchArticle, sampleArticle } from "../helpers/articles";
import { KEY_0, KEY_1 } from "../helpers/keys";
import { npmStart, type NpmStart } from "../helpers/npmStart";

const ADMIN_TOKEN = "operator-roles-test-admin-token";
type Json = any; // The service's answers, checked field by field.

// Tried as an attacker on the same machine would: through the chain's real JSON-RPC port, with
// Hardhat's public test keys (#0 held every role in earlier versions; #1 is the demo publisher).
describe("npm start: only the operator acts as registrar or relayer", function () {
  this.timeout(5 * 60_000);
  let dataDir: string;
  let service: NpmStart;
  let registry: ArticleRegistry;
  let roles: { admin: string; registrar: string; relayer: string };

  const keyFile = (role: string) => path.join(dataDir, "keys", `${role}.json`);
  const operatorKey = (role: "admin" | "relayer") => JSON.parse(fs.readFileSync(keyFile(role), "utf8")).address as string;
  const start = async (env: Record<string, string> = {}) => {
    service = await npmStart({ DATA_DIR: dataDir, ADMIN_TOKEN, ANCHOR_MODE: "batch", BATCH_INTERVAL_MS: "100", ...env });
    registry = ArticleRegistry__factory.connect(service.printed("Registry"), service.chain);
  };
  /** Who holds which role, and what the registry and the chain look like: what an attack must leave unchanged. */
  const chainState = async () => ({
    blockNumber: await service.chain.getBlockNumber(),
    publishers: (await service.getJson("/v1/publishers")).publishers,
    holders: await Promise.all(
      [...PUBLIC_TEST_ACCOUNTS, operatorKey("admin"), operatorKey("relayer")].map(async (account) =>
        Promise.all(Object.values(roles).map((role) => registry.hasRole(role, account))),
      ),
    ),
  });
  const rpcError = async (method: string, params: unknown[]) => {
    const answer = (await (await fetch(service.chainUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    })).json()) as Json;
    expect(answer.result, `${method} answered a result`).to.equal(undefined);
    return answer.error as { code: number; message: string };
  };

  before(async function () {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-roles-"));
    await start();
    roles = { admin: ZeroHash, registrar: await registry.REGISTRAR_ROLE(), relayer: await registry.RELAYER_ROLE() };
  });
  after(async function () {
    try {
      await service?.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("generates the operator's keys in DATA_DIR/keys and prints them", function () {
    expect(service.child.output()).to.contain(`admin         ${operatorKey("admin")} (admin and registrar roles)`);
    expect(service.child.output()).to.contain(`relayer       ${operatorKey("relayer")} (relayer role)`);
    expect(service.child.output()).to.contain("generated now: back DATA_DIR/keys/ up");
    for (const role of ["admin", "relayer"]) expect(fs.statSync(keyFile(role)).mode & 0o777, role).to.equal(0o600);
  });

  it("deploys the registry from the admin key: an address of this install's own", async function () {
    const creations = [];
    for (let n = 1; n <= (await service.chain.getBlockNumber()); n++) {
      creations.push(...(await service.chain.getBlock(n, true))!.prefetchedTransactions.filter((tx) => tx.to === null));
    }
    expect(creations.map((tx) => tx.from)).to.deep.equal([operatorKey("admin")]);
    expect((await service.chain.getTransactionReceipt(creations[0]!.hash))!.contractAddress).to.equal(service.printed("Registry"));
    expect(service.printed("Registry")).to.not.equal("0x5FbDB2315678afecb367f032d93F642f64180aa3");
  });

  it("gives the admin key the admin and registrar roles, the relayer key the relayer role only, and no public account any role", async function () {
    const has = (role: string, account: string) => registry.hasRole(role, account);
    expect(await Promise.all([has(roles.admin, operatorKey("admin")), has(roles.registrar, operatorKey("admin")), has(roles.relayer, operatorKey("admin"))]))
      .to.deep.equal([true, true, false]);
    expect(await Promise.all(Object.values(roles).map((role) => has(role, operatorKey("relayer"))))).to.deep.equal([false, false, true]);
    for (const account of PUBLIC_TEST_ACCOUNTS) {
      expect(await Promise.all(Object.values(roles).map((role) => has(role, account))), account).to.deep.equal([false, false, false]);
    }
  });

  it("refuses eth_sendTransaction from the public accounts #0 and #1, and eth_accounts lists none", async function () {
    const before = await chainState();
    for (const from of PUBLIC_TEST_ACCOUNTS.slice(0, 2)) {
      const data = registry.interface.encodeFunctionData("registerPublisher", [Wallet.createRandom().address, "Reuters", "reuters.com"]);
      const error = await rpcError("eth_sendTransaction", [{ from, to: await registry.getAddress(), data }]);
      expect(error.message).to.contain("eth_sendTransaction");
    }
    expect(await service.chain.send("eth_accounts", [])).to.deep.equal([]);
    expect(await chainState()).to.deep.equal(before);
  });

  it("reverts registerPublisher, grantRole and rotatePublisherKey signed with public key #0", async function () {
    const attacker = Wallet.createRandom().address;
    const before = await chainState();
    const calls = [
      registry.interface.encodeFunctionData("registerPublisher", [attacker, "Reuters", "reuters.com"]),
      registry.interface.encodeFunctionData("grantRole", [roles.registrar, attacker]),
      registry.interface.encodeFunctionData("rotatePublisherKey", [1, attacker, "0x"]),
    ];
    const publicKey0 = new Wallet(KEY_0, service.chain);
    for (const data of calls) {
      // With gas set, the node does not simulate it first: the registry itself must refuse it once mined.
      const tx: TransactionRequest = { to: await registry.getAddress(), data, gasLimit: 500_000 };
      const raw = await publicKey0.signTransaction({ ...tx, ...(await fees(publicKey0)) });
      // Hardhat mines a reverting transaction, then answers with its error: the receipt tells.
      await service.chain.send("eth_sendRawTransaction", [raw]).catch(() => undefined);
      expect((await service.chain.getTransactionReceipt(keccak256(raw)))?.status ?? 0, data.slice(0, 10)).to.equal(0);
    }
    const after = await chainState();
    expect({ ...after, blockNumber: before.blockNumber }).to.deep.equal(before);
  });

  it("refuses the development methods; the block number, the roles and the publishers stay as they were", async function () {
    const before = await chainState();
    const refused: [string, unknown[]][] = [
      ["evm_setAutomine", [false]],
      ["hardhat_mine", ["0x1388"]],
      ["evm_setNextBlockTimestamp", [4070908800]],
      ["debug_traceCall", [{ to: await registry.getAddress(), data: "0x" }, "latest"]],
      ["personal_sign", ["0x00", PUBLIC_TEST_ACCOUNTS[0]]],
      ["hardhat_setLoggingEnabled", [true]],
    ];
    for (const [method, params] of refused) {
      const error = await rpcError(method, params);
      expect(error.message, method).to.contain(method);
    }
    expect(await chainState()).to.deep.equal(before);
    // Automine is still on: a publication is anchored as usual, and dated now, not in 2099.
    const published = await service.post("/v1/articles", await service.signAsDemo(sampleArticle(1)));
    expect(published.status).to.equal(201);
    expect(Date.parse(((await published.json()) as Json).anchoredAt)).to.be.below(Date.now() + 60_000);
  });

  it("runs the README quick start with the demo key, and every answer says the demo identity's key is public", async function () {
    const published = await service.post("/v1/articles", await service.signAsDemo(frenchArticle()));
    expect(published.status).to.equal(201);
    const record = (await published.json()) as Json;
    expect(record.publisher).to.include({ name: "Demo Newsroom", address: new Wallet(KEY_1).address, demo: true });
    expect((await service.getJson(`/v1/verify/${record.cid}`)).publisher.demo).to.equal(true);
    expect((await service.getJson("/v1/publishers")).publishers.map((p: Json) => p.demo)).to.deep.equal([true]);
    expect(service.child.output()).to.contain("demo identity: its key is Hardhat's public test key #1, anyone can sign as it");
  });

  it("signs pending receipts with the relayer key, which no one else has", async function () {
    const accepted = await service.post("/v1/articles?wait=false", await service.signAsDemo(sampleArticle(2)));
    expect(accepted.status).to.equal(202);
    const receipt = (await accepted.json()) as Json;
    expect(receipt.relayer).to.equal(operatorKey("relayer"));
    expect(isPublicTestAccount(receipt.relayer)).to.equal(false);
  });

  it("keeps the same operator keys and registry across a restart", async function () {
    const files = ["admin", "relayer"].map((role) => fs.readFileSync(keyFile(role), "utf8"));
    const registryAddress = service.printed("Registry");
    await service.stop();
    await start();
    expect(["admin", "relayer"].map((role) => fs.readFileSync(keyFile(role), "utf8"))).to.deep.equal(files);
    expect(service.printed("Registry")).to.equal(registryAddress);
    expect(service.child.output()).to.not.contain("generated now");
    expect(service.child.output()).to.contain(`admin         ${operatorKey("admin")}`);
  });

  it("with DEMO_PUBLISHER=off, revokes the demo publisher, whose key is public", async function () {
    await service.stop();
    await start({ DEMO_PUBLISHER: "off" });
    expect(service.child.output()).to.contain("revoked: its public key can never sign again");
    const demo = await service.getJson(`/v1/publishers/${new Wallet(KEY_1).address}`);
    expect(demo).to.include({ active: false, demo: true });
    const refused = await service.post("/v1/articles", await service.signAsDemo(sampleArticle(3)));
    expect(refused.status).to.equal(403);
  });
});

async function fees(wallet: Wallet) {
  const feeData = await wallet.provider!.getFeeData();
  return {
    type: 2,
    chainId: 31337,
    nonce: await wallet.getNonce("pending"),
    maxFeePerGas: feeData.maxFeePerGas! * 2n,
    maxPriorityFeePerGas: feeData.maxPriorityFeePerGas!,
  };
}
