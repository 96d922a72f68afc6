import { expect } from "chai";
import { ethers, network } from "hardhat";
import { Wallet, ZeroHash, type TransactionResponse } from "ethers";
import { deployRegistry } from "../../../server/chain/deployRegistry";
import { RegistryClient } from "../../../server/chain/registryClient";
import { TransactionSender, type ResendReason } from "../../../server/chain/transactionSender";
import { ChainUnavailableError, ServiceError } from "../../../server/errors";
import type { ContentHash, Hex } from "../../../protocol";
import { KEY_0 } from "../../helpers/keys";
import { signPublication } from "../../helpers/registry";
import { mine, restoreAutomine, setAutomine } from "../../helpers/mining";
import { until } from "../../helpers/until";

const RESEND_AFTER_MS = 300;

/** Polls `check` until it holds (every 20 ms: a resend is due 300 ms after a send). */
const waitUntil = (check: () => boolean | Promise<boolean>, what: string) =>
  until(what, async () => ((await check()) ? true : undefined), { timeoutMs: 10_000, everyMs: 20 });

const pendingTransaction = async (hash: Hex): Promise<TransactionResponse> => {
  const tx = await ethers.provider.getTransaction(hash);
  if (!tx || tx.blockNumber !== null) throw new Error(`${hash} is not pending`);
  return tx;
};

/** A registry administered by signer #0, the relayer as a Wallet, and a sender that resends after 300 ms. */
async function deployFixture(timeoutMs = 30_000) {
  const [admin, publisher, other] = await ethers.getSigners();
  if (!admin || !publisher || !other) throw new Error("the fixture needs three signers");
  const deployment = await deployRegistry(admin);
  const relayer = new Wallet(KEY_0, ethers.provider);
  const { chainId } = await ethers.provider.getNetwork();
  const resends: ResendReason[] = [];
  const sender = new TransactionSender(relayer, ethers.provider, chainId, {
    resendAfterMs: RESEND_AFTER_MS,
    timeoutMs,
    onResend: (reason) => resends.push(reason),
  });
  const registry = (await ethers.getContractAt("ArticleRegistry", deployment.address)).connect(admin);
  /** A registration of a fresh publisher key: a call that succeeds whenever it is mined. */
  const registration = () => ({
    to: deployment.address,
    data: registry.interface.encodeFunctionData("registerPublisher", [Wallet.createRandom().address, "Le Quotidien", "quotidien.example"]),
  });
  return { deployment, registry, relayer, chainId, sender, resends, registration, admin, publisher, other };
}

describe("TransactionSender", function () {
  afterEach(restoreAutomine);

  describe("when another process sends with the relayer's key", function () {
    it("reads the nonce from the node again and sends, instead of failing the request", async function () {
      const { sender, relayer, registration } = await deployFixture();
      const first = await sender.send(registration()); // the sender now counts the next nonce itself
      const taken = await relayer.sendTransaction(registration()); // mined with the nonce it counted
      await taken.wait();

      const sent: Hex[] = [];
      const mined = await sender.send(registration(), (hash) => void sent.push(hash));
      const [firstTx, minedTx] = await Promise.all([ethers.provider.getTransaction(first.txHash), ethers.provider.getTransaction(mined.txHash)]);
      expect(taken.nonce).to.equal(firstTx!.nonce + 1);
      expect(minedTx!.nonce).to.equal(taken.nonce + 1);
      expect(sent).to.deep.equal([mined.txHash]);
    });
  });

  describe("when the node drops the transaction", function () {
    it("broadcasts the same signed transaction again: same nonce, same hash", async function () {
      const { sender, relayer, resends, registration } = await deployFixture();
      const nonce = await ethers.provider.getTransactionCount(relayer.address, "pending");
      await setAutomine(false);
      const hashes: Hex[] = [];
      const sending = sender.send(registration(), (hash) => hashes.push(hash));
      await waitUntil(() => hashes.length === 1, "the transaction is sent");
      const [hash] = hashes as [Hex];

      await network.provider.send("hardhat_dropTransaction", [hash]);
      expect(await ethers.provider.getTransaction(hash)).to.equal(null);
      await waitUntil(async () => (await ethers.provider.getTransaction(hash)) !== null, "the node knows the transaction again");
      await mine();

      const mined = await sending;
      expect(mined.txHash).to.equal(hash);
      expect(hashes).to.deep.equal([hash]);
      expect(resends).to.deep.equal(["dropped"]);
      const tx = await ethers.provider.getTransaction(hash);
      expect(tx?.nonce).to.equal(nonce);
      expect(tx?.blockNumber).to.equal(mined.blockNumber);
    });
  });

  describe("when the transaction stays pending", function () {
    it("replaces it with the same nonce and fees at least 12.5% higher, and reports the replacement's hash", async function () {
      const { sender, relayer, resends, registration } = await deployFixture();
      await setAutomine(false);
      const hashes: Hex[] = [];
      const sending = sender.send(registration(), (hash) => hashes.push(hash));
      await waitUntil(() => hashes.length === 1, "the transaction is sent");
      const original = await pendingTransaction(hashes[0]!);

      await waitUntil(() => hashes.length === 2, "a replacement is sent");
      const replacement = await pendingTransaction(hashes[1]!);
      expect(replacement.from).to.equal(relayer.address);
      expect(replacement.nonce).to.equal(original.nonce);
      expect(replacement.data).to.equal(original.data);
      expect(replacement.maxFeePerGas! * 8n).to.be.at.least(original.maxFeePerGas! * 9n);
      expect(replacement.maxPriorityFeePerGas! * 8n).to.be.at.least(original.maxPriorityFeePerGas! * 9n);
      await mine();

      const mined = await sending;
      expect(mined.txHash).to.not.equal(original.hash);
      expect(hashes).to.include(mined.txHash);
      expect(hashes[0]).to.equal(original.hash);
      expect(resends.every((reason) => reason === "stuck")).to.equal(true);
      // One transaction with that nonce landed: the one the send reports.
      const receipts = await Promise.all(hashes.map((hash) => ethers.provider.getTransactionReceipt(hash)));
      expect(receipts.filter((receipt) => receipt !== null).map((receipt) => receipt!.hash)).to.deep.equal([mined.txHash]);
      expect((await ethers.provider.getTransaction(mined.txHash))?.nonce).to.equal(original.nonce);
    });
  });

  describe("when nothing is mined before the timeout", function () {
    it("fails with chain_unavailable (503), and the next send asks the node for the nonce again", async function () {
      const timeoutMs = 1_000;
      const { sender, relayer, registration } = await deployFixture(timeoutMs);
      const nonce = await ethers.provider.getTransactionCount(relayer.address, "pending");
      await setAutomine(false);
      const hashes: Hex[] = [];
      const startedAt = Date.now();
      const failure = await sender.send(registration(), (hash) => hashes.push(hash)).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).to.be.instanceOf(ChainUnavailableError);
      expect(failure).to.include({ code: "chain_unavailable", retryable: true });
      expect((failure as Error).message).to.contain(`nonce ${nonce}`);
      expect(Date.now() - startedAt).to.be.at.least(timeoutMs);

      // The node forgets it too: the nonce is free again, which only a fresh count of it can know.
      for (const hash of hashes) await network.provider.send("hardhat_dropTransaction", [hash]);
      await setAutomine(true);
      const next = await sender.send(registration());
      expect((await ethers.provider.getTransaction(next.txHash))?.nonce).to.equal(nonce);
    });
  });

  describe("through RegistryClient", function () {
    async function clientFixture() {
      const fixture = await deployFixture();
      const client = await RegistryClient.connect({ provider: ethers.provider, relayer: fixture.relayer, address: fixture.deployment.address });
      await client.registerPublisher(fixture.publisher.address as Hex, "Demo Newsroom", "demo.example");
      const contentHash = ethers.keccak256(ethers.toUtf8Bytes(`an article ${Math.random()}`)) as ContentHash;
      const publication = { contentHash, previous: ZeroHash as ContentHash };
      const signature = await signPublication(fixture.publisher, fixture.deployment.address, fixture.chainId, publication);
      return { ...fixture, client, publication, signature };
    }

    it("refuses a transaction the registry would revert before broadcasting it, with the registry's error", async function () {
      const { client, relayer, publisher, other, deployment, chainId, publication } = await clientFixture();
      const forged = await signPublication(other, deployment.address, chainId, publication);
      const [nonce, blockNumber] = await Promise.all([ethers.provider.getTransactionCount(relayer.address, "pending"), ethers.provider.getBlockNumber()]);
      const sent: Hex[] = [];

      const failure = await client.anchor(publication, publisher.address as Hex, forged, { onSent: (hash) => void sent.push(hash) }).catch((error: unknown) => error);
      expect(failure).to.be.instanceOf(ServiceError);
      expect(failure).to.include({ code: "invalid_signature", retryable: false });
      expect(sent).to.deep.equal([]);
      expect(await ethers.provider.getTransactionCount(relayer.address, "pending")).to.equal(nonce);
      expect(await ethers.provider.getBlockNumber()).to.equal(blockNumber);
    });

    it("reports the registry's reason for a transaction that failed once mined", async function () {
      const { client, registry, publisher, other, publication, signature } = await clientFixture();
      await setAutomine(false);
      const sent: Hex[] = [];
      const anchoring = client.anchor(publication, publisher.address as Hex, signature, { onSent: (hash) => void sent.push(hash) }).catch((error: unknown) => error);
      await waitUntil(() => sent.length === 1, "the anchor is sent");
      // Another account anchors the same signed publication first, in the same block.
      const ours = await pendingTransaction(sent[0]!);
      const first = await registry.connect(other).anchor(publication.contentHash, publication.previous, publisher.address, signature, {
        gasLimit: 500_000,
        maxFeePerGas: ours.maxFeePerGas! * 2n,
        maxPriorityFeePerGas: ours.maxPriorityFeePerGas! * 2n,
      });
      await mine();

      expect((await first.wait())?.status).to.equal(1);
      expect((await ethers.provider.getTransactionReceipt(sent[0]!))?.status).to.equal(0);
      expect(await anchoring).to.be.instanceOf(ServiceError).and.include({ code: "article_already_anchored", retryable: false });
    });
  });
});
