import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { keccak256, Wallet, ZeroHash, type JsonRpcProvider, type TransactionRequest } from "ethers";
import { jsonRpcProvider } from "../../server/chain/jsonRpcProvider";
import { verifyReceipt } from "../../server/chain/receiptVerifier";
import type { CompleteReceipt } from "../../server/protocol";
import { ArticleRegistry__factory } from "../../typechain-types";
import { englishArticle, frenchArticle, sampleArticle } from "../helpers/articles";
import { freePort, HARDHAT_BIN, startChild, type Child } from "../helpers/processes";

// Hardhat's well-known public test keys: #1 is the demo publisher of `npm start`, #2 a wallet of
// the embedded chain. Not secrets.
const DEMO_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const WALLET_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const ADMIN_TOKEN = "restart-test-admin-token";
const REGISTRY = ArticleRegistry__factory.createInterface();

type Json = any; // The service's answers, checked field by field.

describe("npm start across restarts (the embedded chain's journal)", function () {
  this.timeout(5 * 60_000);
  let dataDir: string;
  let ports: { PORT: string; CHAIN_PORT: string };
  let child: Child | undefined;
  let chain: JsonRpcProvider | undefined;
  let base: string;
  /** Every complete receipt issued so far, as first fetched. */
  const receipts: CompleteReceipt[] = [];
  /** Transactions a wallet sent to the chain's JSON-RPC port itself, and their receipts. */
  const walletTransactions: string[] = [];
  let walletReceipts: unknown[];

  const journalFile = () => path.join(dataDir, "chain-31337.jsonl");
  const chainUrl = () => /Chain\s+(http:\/\/\S+)/.exec(child!.output())![1]!;

  async function start(env: Record<string, string> = {}): Promise<void> {
    child = await startChild(
      [HARDHAT_BIN, "run", "scripts/start.ts"],
      { ...ports, DATA_DIR: dataDir, ADMIN_TOKEN, LOG_LEVEL: "warn", WRITE_RATE_LIMIT_PER_MINUTE: "0", INDEXER_POLL_MS: "100", ...env },
      /Press Ctrl-C to stop/,
    );
    base = `http://127.0.0.1:${ports.PORT}`;
    chain = jsonRpcProvider(chainUrl());
  }
  async function stop(): Promise<void> {
    chain?.destroy();
    await child!.stop("SIGINT");
    // `hardhat run` runs the script in a child process, which may print this after its parent exits.
    await child!.waitFor(/Stopped\./, 30_000);
    child = undefined;
  }

  const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${route}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  /** A wallet's transaction, signed with explicit gas: sent raw, it is not simulated first. */
  const signed = async (wallet: Wallet, tx: TransactionRequest) =>
    wallet.signTransaction({
      to: wallet.address,
      ...tx,
      chainId: 31337,
      type: 2,
      nonce: await chain!.getTransactionCount(wallet.address, "pending"),
      gasLimit: 200_000,
      maxFeePerGas: 10n ** 10n,
      maxPriorityFeePerGas: 10n ** 9n,
    });
  const getJson = async (route: string): Promise<Json> => (await fetch(`${base}${route}`)).json();

  async function publish(article: unknown): Promise<Json> {
    const { domain, types } = await getJson("/v1/domain");
    const { contentHash } = (await (await post("/v1/hash", { article })).json()) as Json;
    const signature = await new Wallet(DEMO_KEY).signTypedData(domain, types, { contentHash, previous: ZeroHash });
    const published = await post("/v1/articles", { article, signature });
    expect(published.status, await published.clone().text()).to.equal(201);
    return published.json();
  }

  /** Each receipt still verifies, unchanged, against the chain now served. */
  async function expectReceiptsUnchanged(): Promise<void> {
    for (const receipt of receipts) {
      expect(await getJson(`/v1/receipts/${receipt.cid}`)).to.deep.equal(receipt);
      const verdict = await verifyReceipt(receipt, chain!);
      expect(verdict.checks.filter((check) => !check.ok), receipt.cid).to.deep.equal([]);
      expect(verdict.valid).to.equal(true);
      const record = await getJson(`/v1/verify/${receipt.cid}`);
      expect(record).to.include({ verified: true, status: "anchored", txHash: receipt.anchor.txHash, blockNumber: receipt.anchor.blockNumber });
      expect(record.anchoredAt).to.equal(new Date(receipt.anchor.blockTimestamp * 1000).toISOString());
    }
  }

  before(async function () {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-restart-"));
    ports = { PORT: String(await freePort()), CHAIN_PORT: String(await freePort()) };
    await start();
  });
  after(async function () {
    chain?.destroy();
    try {
      await child?.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("journals every block: deployment, registrations, anchors and a wallet's own transactions", async function () {
    for (const article of [frenchArticle(), englishArticle()]) {
      const record = await publish(article);
      receipts.push(await getJson(`/v1/receipts/${record.cid}`));
    }
    const registered = await post(
      "/v1/publishers",
      { address: new Wallet(WALLET_KEY).address, name: "Le Quotidien", domain: "quotidien.example" },
      { authorization: `Bearer ${ADMIN_TOKEN}` },
    );
    expect(registered.status).to.equal(201);
    const wallet = new Wallet(WALLET_KEY, chain);
    walletTransactions.push((await (await wallet.sendTransaction({ to: Wallet.createRandom().address, value: 12_345n })).wait())!.hash);
    // One that reverts: Hardhat mines it, then answers with an error.
    const revoke = await signed(wallet, { to: receipts[0]!.registry, data: REGISTRY.encodeFunctionData("revokePublisher", [1]) });
    await chain!.send("eth_sendRawTransaction", [revoke]).catch(() => undefined);
    walletTransactions.push(keccak256(revoke));
    // Two in one block, then an empty block.
    await chain!.send("evm_setAutomine", [false]);
    for (let i = 0; i < 2; i++) walletTransactions.push(await chain!.send("eth_sendRawTransaction", [await signed(wallet, { value: 1n })]));
    await chain!.send("evm_mine", []);
    await chain!.send("evm_setAutomine", [true]);
    await chain!.send("evm_mine", []);

    const lines = fs.readFileSync(journalFile(), "utf8").trim().split("\n");
    expect(JSON.parse(lines[0]!)).to.include({ format: "chain-journal-v1", chainId: 31337 });
    expect(lines.length - 1).to.equal(await chain!.getBlockNumber());
    const lastTwo = lines.slice(-2).map((line) => (JSON.parse(line) as { transactions: string[] }).transactions.map((raw) => keccak256(raw)));
    expect(lastTwo).to.deep.equal([walletTransactions.slice(-2), []]);
    expect((await chain!.getTransactionReceipt(walletTransactions[1]!))?.status).to.equal(0);
    walletReceipts = await Promise.all(walletTransactions.map(async (hash) => (await chain!.getTransactionReceipt(hash))!.toJSON()));
    expect(receipts.map((receipt) => receipt.status)).to.deep.equal(["complete", "complete"]);
  });

  it("replays the journal on restart: every receipt verifies unchanged (txHash, block, timestamp)", async function () {
    const head = await chain!.getBlockNumber();
    await stop();
    await start({ ANCHOR_MODE: "batch", BATCH_INTERVAL_MS: "200" });
    expect(child!.output()).to.contain(`(${head} blocks replayed)`);
    expect(child!.output()).to.match(/Registry\s+0x5FbDB2315678afecb367f032d93F642f64180aa3/);
    expect(await chain!.getBlockNumber()).to.equal(head);
    await expectReceiptsUnchanged();
    const replayed = await Promise.all(walletTransactions.map(async (hash) => (await chain!.getTransactionReceipt(hash))!.toJSON()));
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
    const head = await chain!.getBlockNumber();
    await stop();
    await start();
    expect(child!.output()).to.contain(`(${head} blocks replayed)`);
    await expectReceiptsUnchanged();
  });

  it("keeps an acknowledged anchor through kill -9: its block was journaled before the answer", async function () {
    const record = await publish(sampleArticle(4));
    receipts.push(await getJson(`/v1/receipts/${record.cid}`));
    chain?.destroy();
    await child!.stop("SIGKILL");
    child = undefined;
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
