import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { keccak256, Wallet, type TransactionRequest } from "ethers";
import { verifyReceipt } from "../../protocol";
import type { CompleteReceipt } from "../../protocol";
import { ArticleRegistry__factory } from "../../typechain-types";
import { englishArticle, frenchArticle, sampleArticle } from "../helpers/articles";
import { npmStart, type NpmStart } from "../helpers/npmStart";
import { freePort, HARDHAT_BIN, startChild } from "../helpers/processes";

// Hardhat's well-known public test key #2, a wallet of the embedded chain. Not a secret.
const WALLET_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const ADMIN_TOKEN = "restart-test-admin-token";
const REGISTRY = ArticleRegistry__factory.createInterface();

type Json = any; // The service's answers, checked field by field.

describe("npm start across restarts (the embedded chain's journal)", function () {
  this.timeout(5 * 60_000);
  let dataDir: string;
  let service: NpmStart | undefined;
  /** Every complete receipt issued so far, as first fetched. */
  const receipts: CompleteReceipt[] = [];
  /** Transactions a wallet sent to the chain's JSON-RPC port itself, and their receipts. */
  const walletTransactions: string[] = [];
  let walletReceipts: unknown[];

  const journalFile = () => path.join(dataDir, "chain-31337.jsonl");
  const start = async (env: Record<string, string> = {}) => {
    service = await npmStart({ DATA_DIR: dataDir, ADMIN_TOKEN, ...env });
  };
  const stop = async () => {
    await service!.stop();
    service = undefined;
  };
  /** A wallet's transaction, signed with explicit gas: sent raw, it is not simulated first. */
  const signed = async (wallet: Wallet, tx: TransactionRequest) =>
    wallet.signTransaction({
      to: wallet.address,
      ...tx,
      chainId: 31337,
      type: 2,
      nonce: await service!.chain.getTransactionCount(wallet.address, "pending"),
      gasLimit: 200_000,
      maxFeePerGas: 10n ** 10n,
      maxPriorityFeePerGas: 10n ** 9n,
    });
  const getJson = (route: string): Promise<Json> => service!.getJson(route);

  async function publish(article: unknown): Promise<Json> {
    const published = await service!.post("/v1/articles", await service!.signAsDemo(article));
    expect(published.status, await published.clone().text()).to.equal(201);
    return published.json();
  }

  /** Each receipt still verifies, unchanged, against the chain now served. */
  async function expectReceiptsUnchanged(): Promise<void> {
    for (const receipt of receipts) {
      expect(await getJson(`/v1/receipts/${receipt.cid}`)).to.deep.equal(receipt);
      const verdict = await verifyReceipt(receipt, service!.chain);
      expect(verdict.checks.filter((check) => !check.ok), receipt.cid).to.deep.equal([]);
      expect(verdict.valid).to.equal(true);
      const record = await getJson(`/v1/verify/${receipt.cid}`);
      expect(record).to.include({ verified: true, status: "anchored", txHash: receipt.anchor.txHash, blockNumber: receipt.anchor.blockNumber });
      expect(record.anchoredAt).to.equal(new Date(receipt.anchor.blockTimestamp * 1000).toISOString());
    }
  }

  before(async function () {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-restart-"));
    await start();
  });
  after(async function () {
    try {
      await service?.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("journals every block: deployment, registrations, anchors and a wallet's own transactions", async function () {
    for (const article of [frenchArticle(), englishArticle()]) {
      const record = await publish(article);
      receipts.push(await getJson(`/v1/receipts/${record.cid}`));
    }
    const chain = service!.chain;
    const registered = await service!.post(
      "/v1/publishers",
      { address: new Wallet(WALLET_KEY).address, name: "Le Quotidien", domain: "quotidien.example" },
      { authorization: `Bearer ${ADMIN_TOKEN}` },
    );
    expect(registered.status).to.equal(201);
    const wallet = new Wallet(WALLET_KEY, chain);
    walletTransactions.push((await (await wallet.sendTransaction({ to: Wallet.createRandom().address, value: 12_345n })).wait())!.hash);
    // One that reverts: Hardhat mines it, then answers with an error.
    const revoke = await signed(wallet, { to: receipts[0]!.registry, data: REGISTRY.encodeFunctionData("revokePublisher", [1]) });
    await chain.send("eth_sendRawTransaction", [revoke]).catch(() => undefined);
    walletTransactions.push(keccak256(revoke));
    // Blocks of several transactions or none cannot be made through the port any more (it refuses
    // evm_setAutomine and evm_mine): test/scripts/migration.test.ts replays such blocks of an older journal.

    const lines = fs.readFileSync(journalFile(), "utf8").trim().split("\n");
    expect(JSON.parse(lines[0]!)).to.include({ format: "chain-journal-v1", chainId: 31337 });
    expect(lines.length - 1).to.equal(await chain.getBlockNumber());
    const lastTwo = lines.slice(-2).map((line) => (JSON.parse(line) as { transactions: string[] }).transactions.map((raw) => keccak256(raw)));
    expect(lastTwo).to.deep.equal(walletTransactions.map((hash) => [hash]));
    expect((await chain.getTransactionReceipt(walletTransactions[1]!))?.status).to.equal(0);
    walletReceipts = await Promise.all(walletTransactions.map(async (hash) => (await chain.getTransactionReceipt(hash))!.toJSON()));
    expect(receipts.map((receipt) => receipt.status)).to.deep.equal(["complete", "complete"]);
  });

  it("replays the journal on restart: every receipt verifies unchanged (txHash, block, timestamp)", async function () {
    const head = await service!.chain.getBlockNumber();
    await stop();
    await start({ ANCHOR_MODE: "batch", BATCH_INTERVAL_MS: "200" });
    expect(service!.child.output()).to.contain(`(${head} blocks replayed)`);
    expect(service!.printed("Registry")).to.equal(receipts[0]!.registry);
    expect(await service!.chain.getBlockNumber()).to.equal(head);
    await expectReceiptsUnchanged();
    const replayed = await Promise.all(walletTransactions.map(async (hash) => (await service!.chain.getTransactionReceipt(hash))!.toJSON()));
    expect(replayed).to.deep.equal(walletReceipts);
    const publisher = await getJson(`/v1/publishers/${new Wallet(WALLET_KEY).address}`);
    expect(publisher).to.include({ name: "Le Quotidien", active: true });
  });

  it("anchors new batches after the replay, stamped with the wall clock", async function () {
    const before = Math.floor(Date.now() / 1000);
    const records = await Promise.all([1, 2, 3].map((n) => publish(sampleArticle(n))));
    const after = Math.ceil(Date.now() / 1000);
    for (const record of records) {
      const receipt = (await getJson(`/v1/receipts/${record.cid}`)) as CompleteReceipt;
      expect(receipt.anchor.kind).to.equal("batch");
      // Not the replayed blocks' time: now. Hardhat stamps a block one second after its parent at
      // the least, so blocks mined in a burst before the restart can put the chain a few seconds ahead.
      expect(receipt.anchor.blockTimestamp).to.be.within(before - 1, after + 5);
      receipts.push(receipt);
    }
  });

  it("restarts again with the batch receipts unchanged too", async function () {
    const head = await service!.chain.getBlockNumber();
    await stop();
    await start();
    expect(service!.child.output()).to.contain(`(${head} blocks replayed)`);
    await expectReceiptsUnchanged();
  });

  it("keeps an acknowledged anchor through kill -9: its block was journaled before the answer", async function () {
    const record = await publish(sampleArticle(4));
    receipts.push(await getJson(`/v1/receipts/${record.cid}`));
    service!.chain.destroy();
    await service!.child.stop("SIGKILL");
    await start();
    await expectReceiptsUnchanged();
  });

  it("refuses to start on a journal that no longer replays, and names the block", async function () {
    await stop();
    // The first anchor's transaction taken out: the relayer's later transactions then skip a
    // nonce, and the chain cannot mine the next block as the journal has it.
    const lines = fs.readFileSync(journalFile(), "utf8").split("\n");
    const first = receipts[0]!.anchor.blockNumber;
    lines[first] = JSON.stringify({ ...JSON.parse(lines[first]!), transactions: [] });
    const damaged = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-restart-damaged-"));
    try {
      fs.writeFileSync(path.join(damaged, "chain-31337.jsonl"), lines.join("\n"));
      let failure: unknown;
      await startChild(
        [HARDHAT_BIN, "run", "scripts/start.ts"],
        { PORT: String(await freePort()), CHAIN_PORT: String(await freePort()), DATA_DIR: damaged, LOG_LEVEL: "warn" },
        /Press Ctrl-C to stop/,
      ).then(
        (started) => started.stop(),
        (error: unknown) => (failure = error),
      );
      expect(failure, "npm start ran on a chain that differs from its journal").to.be.instanceOf(Error);
      expect((failure as Error).message).to.contain(`block ${first + 1} does not replay: the chain's newest block is ${first}`);
      expect((failure as Error).message).to.contain("move this file away");
    } finally {
      fs.rmSync(damaged, { recursive: true, force: true });
    }
  });
});
