import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { verifyMessage, Wallet } from "ethers";
import type { Worker } from "node:worker_threads";
import { ServiceError } from "../../../server/errors";
import {
  BATCH_LEAF_ENCODING,
  batchLeafValues,
  canonicalJson,
  NO_PREVIOUS,
  pendingReceiptClaim,
  protocolDomain,
  receiptSchema,
  type BatchLeaf,
  type Hex,
  type PendingReceipt,
} from "../../../protocol";
import { PreparationPool } from "../../../server/workers/pool";
import { idOf, sampleArticle } from "../../helpers/articles";
import { signPublication } from "../../helpers/registry";

describe("PreparationPool", function () {
  const registry = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  const domain = protocolDomain(31337n, registry);
  const publisher = Wallet.createRandom();
  const relayer = Wallet.createRandom();
  let pools: PreparationPool[];

  before(function () {
    pools = [new PreparationPool(domain, 0, relayer), new PreparationPool(domain, 2, relayer)];
  });
  after(async function () {
    await Promise.all(pools.map((pool) => pool.close()));
  });

  /** 70 items (three messages to the threads): signed ones, and each kind of bad one. */
  async function items() {
    const signed = await Promise.all(
      Array.from({ length: 66 }, async (_, n) => {
        const article = sampleArticle(9000 + n);
        const { contentHash } = await idOf(article);
        return { article, signature: await signPublication(publisher, registry, 31337n, { contentHash, previous: NO_PREVIOUS }) };
      }),
    );
    const first = signed[0]!;
    return [
      ...signed,
      { ...first, article: { ...first.article, tags: ["x"] } }, // not a protocol article
      { ...first, previous: "not-a-cid" },
      { ...first, signature: `0x${"00".repeat(65)}` as const }, // recovers no key
      { ...first, article: sampleArticle(1) }, // signed for another text: recovers another key
    ];
  }

  it("answers the same on worker threads as on the event loop, in order", async function () {
    const sent = await items();
    const [inline, threaded] = await Promise.all(pools.map((pool) => pool.prepare(sent)));
    expect(threaded).to.have.length(sent.length);
    const plain = (results: Awaited<ReturnType<PreparationPool["prepare"]>>) => results.map((r) => (r instanceof ServiceError ? { code: r.code, retryable: r.retryable, details: r.details } : r));
    expect(plain(threaded!)).to.deep.equal(plain(inline!));
    for (let n = 0; n < 66; n++) {
      const prepared = threaded![n];
      if (prepared instanceof ServiceError) throw prepared;
      expect(prepared!.recovered).to.equal(publisher.address);
      expect(prepared!.cid).to.equal((await idOf(sampleArticle(9000 + n))).cid);
      expect(prepared!.passages.map((p) => p.kind)).to.deep.equal(["title", "paragraph", "paragraph"]);
    }
  });

  it("signs each pending receipt as the relayer, for the publisher it recovered, when asked", async function () {
    const sent = (await items()).slice(0, 40);
    const results = await pools[1]!.prepare(sent, { pendingReceipts: true });
    for (const [n, result] of results.entries()) {
      if (result instanceof ServiceError || !result.receipt) throw new Error(`item ${n} has no receipt`);
      const receipt = receiptSchema.parse(result.receipt) as PendingReceipt;
      expect(receipt).to.include({ status: "pending", cid: result.cid, publisher: publisher.address, relayer: relayer.address, chainId: 31337, registry });
      expect(verifyMessage(await canonicalJson(pendingReceiptClaim(receipt)), receipt.relayerSignature)).to.equal(relayer.address);
    }
    const [unasked] = await pools[1]!.prepare(sent.slice(0, 1));
    expect(unasked).to.not.have.property("receipt");
  });

  it("builds a batch's tree on a thread as on the event loop: StandardMerkleTree's root and proofs", async function () {
    const leaves: BatchLeaf[] = await Promise.all(
      Array.from({ length: 37 }, async (_, n) => {
        const { contentHash } = await idOf(sampleArticle(7000 + n));
        const signature = await signPublication(publisher, registry, 31337n, { contentHash, previous: NO_PREVIOUS });
        return { contentHash, publisher: publisher.address as Hex, previous: NO_PREVIOUS, signature };
      }),
    );
    const [inline, threaded] = await Promise.all(pools.map((pool) => pool.buildBatchTree(leaves)));
    expect(threaded).to.deep.equal(inline);
    const standard = StandardMerkleTree.of(leaves.map(batchLeafValues), [...BATCH_LEAF_ENCODING]);
    expect(threaded!.root).to.equal(standard.root);
    leaves.forEach((leaf, i) => expect(StandardMerkleTree.verify(standard.root, [...BATCH_LEAF_ENCODING], batchLeafValues(leaf), threaded!.proofs[i]!)).to.equal(true));
  });

  it("turns each bad item into the ServiceError its request would get, without failing the others", async function () {
    const results = await pools[1]!.prepare(await items());
    const [badArticle, badPrevious, noKey, otherText] = results.slice(66);
    expect(badArticle).to.be.instanceOf(ServiceError).and.include({ code: "invalid_request", retryable: false });
    expect((badArticle as ServiceError).details!.issues).to.deep.equal([
      { path: ["article", "tags"], message: "is not a member of a protocol v1 article", rule: "unknown_member" },
    ]);
    expect(badPrevious).to.be.instanceOf(ServiceError).and.include({ code: "invalid_identifier", retryable: false });
    expect(noKey).to.not.be.instanceOf(ServiceError);
    expect((noKey as { recovered: unknown }).recovered).to.equal(undefined);
    expect((otherText as { recovered: string }).recovered).to.not.equal(publisher.address);
  });

  it("lets each thread wait for its next task in its event loop, where Node-API frees native objects", async function () {
    // With piscina's Atomics.wait a thread's event loop never turns: the native keccak states of
    // every article it prepared stayed allocated for good (about 2.7 KB per article).
    await pools[1]!.prepare(await items());
    const { threads } = (pools[1] as unknown as { piscina: { threads: Worker[] } }).piscina;
    expect(threads).to.have.length(2);
    const before = threads.map((thread) => thread.performance.eventLoopUtilization());
    await new Promise((resolve) => setTimeout(resolve, 200));
    threads.forEach((thread, i) => expect(thread.performance.eventLoopUtilization(before[i]).idle).to.be.greaterThan(100));
  });
});
