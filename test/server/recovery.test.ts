import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { ethers } from "hardhat";
import pino from "pino";
import { Wallet } from "ethers";
import { deployRegistry } from "../../server/chain/deployRegistry";
import { batchLeavesOf } from "../helpers/batchLeaves";
import { BatchArchive } from "../../server/store/batchArchive";
import { ChainFollower } from "../../server/chain/chainFollower";
import { RegistryClient } from "../../server/chain/registryClient";
import { PublicationSigner } from "../../server/crypto/publicationSigner";
import { createMetrics } from "../../server/metrics";
import { identifyArticle, NO_PREVIOUS, parseArticle, type ArticleInput, type Hex } from "../../protocol";
import { recoverIntents, type RecoveryDeps } from "../../server/services/recovery";
import { ArticleStore } from "../../server/store/articles";
import { BatchStore } from "../../server/store/batches";
import { ChainIndex } from "../../server/store/chainIndex";
import { openDatabase } from "../../server/store/database";
import { IntentStore } from "../../server/store/intents";
import { PreparationPool } from "../../server/workers/pool";
import { ArticleRegistry__factory } from "../../typechain-types";
import { frenchArticle } from "../helpers/articles";
import { KEY_0 } from "../helpers/keys";
import { DEMO_PUBLISHER, signPublication } from "../helpers/registry";
import { mine, restoreAutomine, setAutomine } from "../helpers/mining";
import { quotableChunks } from "../../server/text/passageChunks";

/** How long recovery waits for an intent's transaction: the resend policy's timeout. */
const TIMEOUT_MS = 1500;


/**
 * A registry with the demo publisher, the relayer as a Wallet (signer #0, as `npm start` has it),
 * and recovery's dependencies on a fresh in-memory database, as `createService` wires them before
 * its first request. The resend policy gives a transaction TIMEOUT_MS and never resends it.
 */
async function deployRecoveryFixture() {
  const [admin, publisher] = await ethers.getSigners();
  if (!admin || !publisher) throw new Error("the fixture needs two signers");
  const deployment = await deployRegistry(admin);
  const registry = ArticleRegistry__factory.connect(deployment.address, admin);
  await (await registry.registerPublisher(publisher.address, DEMO_PUBLISHER.name, DEMO_PUBLISHER.domain)).wait();
  const { chainId } = await ethers.provider.getNetwork();
  const relayer = new Wallet(KEY_0, ethers.provider);

  const warnings: string[] = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => void warnings.push((JSON.parse(line) as { msg: string }).msg) });
  const chain = await RegistryClient.connect({
    provider: ethers.provider,
    relayer,
    address: deployment.address,
    transactions: { resendAfterMs: 60_000, timeoutMs: TIMEOUT_MS },
    logger,
  });
  const db = openDatabase(":memory:");
  const index = new ChainIndex(db);
  const batches = new BatchStore(db);
  const intents = new IntentStore(db);
  const articles = new ArticleStore(db);
  const batchLeaves = batchLeavesOf(db, chain);
  const follower = new ChainFollower({
    registry: chain,
    chainIndex: index,
    batchLeaves,
    startBlock: deployment.blockNumber,
    confirmations: 0,
    pollMs: 50,
    logger,
  });
  await follower.sync();
  const deps: RecoveryDeps = {
    chain,
    follower,
    chainIndex: index,
    batches,
    archive: new BatchArchive(fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-recovery-batches-"))),
    intents,
    metrics: createMetrics({ relayerBalance: () => ethers.provider.getBalance(relayer.address) }),
    articles,
    signer: new PublicationSigner(chain.domain()),
    queue: undefined,
    // No threads: these tests anchor directly, and a pool with none needs no closing.
    preparation: new PreparationPool(chain.domain(), 0, relayer),
    logger,
  };

  /**
   * What a run that crashed left: the article and its intent stored as publishing stores them, its
   * anchor sent by the relayer, and the journal naming that transaction.
   */
  const journalSentAnchor = async (input: ArticleInput) => {
    const parsed = parseArticle(input);
    if (!parsed.success) throw new Error("the test article is invalid");
    const { cid, contentHash } = await identifyArticle(parsed.article);
    const signature = await signPublication(publisher, deployment.address, chainId, { contentHash, previous: NO_PREVIOUS });
    intents.transaction(() => {
      articles.save({ contentHash, cid, article: parsed.article, signature, publisher: publisher.address as Hex, previous: null }, quotableChunks(parsed.article));
      intents.accept(contentHash);
    });
    const tx = await registry.connect(relayer).anchor(contentHash, NO_PREVIOUS, publisher.address, signature);
    intents.sent(contentHash, tx.hash as Hex);
    return { contentHash, txHash: tx.hash as Hex };
  };

  const relayerNonce = () => ethers.provider.getTransactionCount(relayer.address, "pending");
  return { deps, registry, intents, index, warnings, journalSentAnchor, relayerNonce };
}

describe("recoverIntents", function () {
  afterEach(restoreAutomine);

  describe("when the journaled transaction was mined", function () {
    it("confirms the publication without sending anything", async function () {
      const { deps, registry, intents, index, warnings, journalSentAnchor, relayerNonce } = await deployRecoveryFixture();
      const { contentHash, txHash } = await journalSentAnchor(frenchArticle());
      expect((await ethers.provider.getTransactionReceipt(txHash))?.status).to.equal(1);
      const nonce = await relayerNonce();

      const report = await recoverIntents(deps);

      expect(report).to.deep.equal({ confirmed: 1, resent: 0, requeued: 0, failed: 0, pending: 0 });
      expect(await relayerNonce()).to.equal(nonce);
      expect(intents.unfinished()).to.deep.equal([]);
      expect(index.anchor(contentHash)?.txHash).to.equal(txHash);
      expect(await registry.queryFilter(registry.filters.ArticleAnchored(contentHash))).to.have.length(1);
      expect(warnings).to.deep.equal([]);
    });
  });

  describe("when the intent's transaction is still pending", function () {
    it("stops waiting at the resend policy's timeout and leaves the intent for the next start", async function () {
      const { deps, intents, warnings, journalSentAnchor, relayerNonce } = await deployRecoveryFixture();
      await setAutomine(false);
      const { contentHash, txHash } = await journalSentAnchor(frenchArticle());
      expect((await ethers.provider.getTransaction(txHash))?.blockNumber).to.equal(null);
      const nonce = await relayerNonce();

      const started = Date.now();
      const report = await recoverIntents(deps);
      const elapsed = Date.now() - started;

      expect(elapsed).to.be.at.least(TIMEOUT_MS).and.below(TIMEOUT_MS + 5000);
      expect(warnings).to.include("an intent's transaction is still not mined: recovering its publication without it");
      // Hardhat checks the anchor against its pending state, where the journaled transaction
      // anchored it already: nothing is sent, and only a mined anchor retires the intent.
      expect(report).to.deep.equal({ confirmed: 0, resent: 0, requeued: 0, failed: 0, pending: 1 });
      expect(await relayerNonce()).to.equal(nonce);
      expect(intents.unfinished()).to.deep.equal([{ contentHash, status: "sent", batchRoot: null, txHash }]);
    });

    it("anchors the article exactly once when the transaction is mined, and the next start confirms it", async function () {
      const { deps, registry, intents, index, journalSentAnchor } = await deployRecoveryFixture();
      await setAutomine(false);
      const { contentHash, txHash } = await journalSentAnchor(frenchArticle());
      await recoverIntents(deps);

      await setAutomine(true);
      await mine();
      expect((await ethers.provider.getTransactionReceipt(txHash))?.status).to.equal(1);
      const report = await recoverIntents(deps);

      expect(report).to.deep.equal({ confirmed: 1, resent: 0, requeued: 0, failed: 0, pending: 0 });
      expect(intents.unfinished()).to.deep.equal([]);
      expect(index.anchor(contentHash)?.txHash).to.equal(txHash);
      expect(await registry.queryFilter(registry.filters.ArticleAnchored(contentHash))).to.have.length(1);
    });
  });
});
