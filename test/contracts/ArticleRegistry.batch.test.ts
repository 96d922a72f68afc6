import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { NO_PREVIOUS, type Hex } from "../../protocol";
import { setAutomine } from "../helpers/mining";
import { deployRegistryFixture, signPublication, signRetraction } from "../helpers/registry";

const LEAF_ENCODING = ["bytes32", "address", "bytes32", "bytes"];
type Leaf = [Hex, Hex, Hex, Hex];

describe("ArticleRegistry batches", function () {
  /** The fixture registry plus `size` publications signed by the demo publisher. */
  async function batchFixture() {
    const base = await deployRegistryFixture();
    const leaves: Leaf[] = [];
    for (let i = 0; i < 40; i++) {
      const contentHash = ethers.keccak256(ethers.toUtf8Bytes(`article ${i}`)) as Hex;
      const signature = await signPublication(base.publisher, base.registryAddress, base.chainId, { contentHash, previous: NO_PREVIOUS });
      leaves.push([contentHash, base.publisher.address as Hex, NO_PREVIOUS, signature]);
    }
    return { ...base, leaves };
  }

  /** A batch of the first 8 leaves, anchored, with the fixture. */
  async function anchoredBatchFixture() {
    const base = await batchFixture();
    const tree = StandardMerkleTree.of(base.leaves.slice(0, 8), LEAF_ENCODING);
    await base.registry.anchorBatch(tree.root, 8);
    const batch = await base.registry.getBatch(tree.root);
    /** recordBatchLeaf's arguments for leaf `i` of the tree. */
    const recordArgs = (i: number) => {
      const [contentHash, publisher, , signature] = tree.at(i)!;
      return [tree.root, tree.getProof(i), contentHash, publisher, signature] as const;
    };
    /** Leaf `i` as anchorBatchLeafCorrection takes it. */
    const provenLeaf = (i: number) => {
      const [contentHash, publisher, , signature] = tree.at(i)!;
      return { root: tree.root, proof: tree.getProof(i), contentHash, publisher, signature };
    };
    return { ...base, tree, batch, recordArgs, provenLeaf };
  }

  describe("anchorBatch", function () {
    it("records the root with its block, timestamp and count, and emits BatchAnchored", async function () {
      const { registry, relayer, leaves } = await loadFixture(batchFixture);
      await registry.grantRole(await registry.RELAYER_ROLE(), relayer.address);
      const tree = StandardMerkleTree.of(leaves.slice(0, 3), LEAF_ENCODING);
      const timestamp = (await time.latest()) + 10;
      await time.setNextBlockTimestamp(timestamp);
      await expect(registry.connect(relayer).anchorBatch(tree.root, 3)).to.emit(registry, "BatchAnchored").withArgs(tree.root, 3, timestamp);
      const batch = await registry.getBatch(tree.root);
      expect(batch.count).to.equal(3n);
      expect(batch.timestamp).to.equal(BigInt(timestamp));
      expect(batch.blockNumber).to.equal(BigInt(await ethers.provider.getBlockNumber()));
    });

    it("is restricted to relayers", async function () {
      const { registry, other } = await loadFixture(batchFixture);
      await expect(registry.connect(other).anchorBatch(ethers.id("root"), 1))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(other.address, await registry.RELAYER_ROLE());
    });

    it("rejects a zero root, an empty batch and a root anchored before", async function () {
      const { registry } = await loadFixture(batchFixture);
      await expect(registry.anchorBatch(ethers.ZeroHash, 1)).to.be.revertedWithCustomError(registry, "ZeroBatchRoot");
      await expect(registry.anchorBatch(ethers.id("root"), 0)).to.be.revertedWithCustomError(registry, "EmptyBatch");
      await registry.anchorBatch(ethers.id("root"), 1);
      await expect(registry.anchorBatch(ethers.id("root"), 1))
        .to.be.revertedWithCustomError(registry, "BatchAlreadyAnchored")
        .withArgs(ethers.id("root"));
    });
  });

  describe("isBatchLeaf", function () {
    it("accepts every leaf at every position of trees of every size (property)", async function () {
      const { registry, leaves } = await loadFixture(batchFixture);
      const anchored = new Set<string>();
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: leaves.length }), fc.nat(), async (size, pick) => {
          const tree = StandardMerkleTree.of(leaves.slice(0, size), LEAF_ENCODING);
          if (!anchored.has(tree.root)) {
            await registry.anchorBatch(tree.root, size);
            anchored.add(tree.root);
          }
          const index = pick % size;
          const [contentHash, publisher, previous, signature] = tree.at(index)!;
          expect(await registry.isBatchLeaf(tree.root, tree.getProof(index), contentHash, publisher, previous, signature)).to.equal(true);
        }),
        { numRuns: 60 },
      );
    });

    it("rejects a tampered proof, a tampered leaf and a leaf of another tree", async function () {
      const { registry, leaves } = await loadFixture(batchFixture);
      const tree = StandardMerkleTree.of(leaves.slice(0, 8), LEAF_ENCODING);
      await registry.anchorBatch(tree.root, 8);
      const [contentHash, publisher, previous, signature] = tree.at(5)!;
      const proof = tree.getProof(5);
      const tamperedProof = [ethers.id("forged"), ...proof.slice(1)];
      expect(await registry.isBatchLeaf(tree.root, tamperedProof, contentHash, publisher, previous, signature)).to.equal(false);
      expect(await registry.isBatchLeaf(tree.root, proof, ethers.id("other text"), publisher, previous, signature)).to.equal(false);
      const stranger = ethers.Wallet.createRandom().address;
      expect(await registry.isBatchLeaf(tree.root, proof, contentHash, stranger, previous, signature)).to.equal(false);
      const outsider = leaves[20]!;
      expect(await registry.isBatchLeaf(tree.root, proof, ...outsider)).to.equal(false);
    });

    it("answers false for a root that was never anchored", async function () {
      const { registry, leaves } = await loadFixture(batchFixture);
      const tree = StandardMerkleTree.of(leaves.slice(0, 2), LEAF_ENCODING);
      expect(await registry.isBatchLeaf(tree.root, tree.getProof(0), ...tree.at(0)!)).to.equal(false);
    });
  });

  describe("recordBatchLeaf", function () {
    it("records a leaf as the version it proves, dated by its batch, and emits BatchLeafRecorded", async function () {
      const { registry, tree, batch, recordArgs, publisher, publisherId, other } = await loadFixture(anchoredBatchFixture);
      const [contentHash] = tree.at(3)!;
      await expect(registry.connect(other).recordBatchLeaf(...recordArgs(3)))
        .to.emit(registry, "BatchLeafRecorded")
        .withArgs(contentHash, tree.root, publisherId, publisher.address);
      const record = await registry.getRecord(contentHash);
      expect([record.signer, record.blockNumber, record.timestamp]).to.deep.equal([publisher.address, batch.blockNumber, batch.timestamp]);
    });

    it("lets the recorded version be retracted and corrected like a directly anchored one", async function () {
      const { registry, registryAddress, chainId, tree, recordArgs, publisher, publisherId } = await loadFixture(anchoredBatchFixture);
      const [first] = tree.at(0)!;
      const [second] = tree.at(1)!;
      await registry.recordBatchLeaf(...recordArgs(0));
      const reason = "Figures unconfirmed";
      await expect(registry.retract(first, reason, await signRetraction(publisher, registryAddress, chainId, { contentHash: first, reason })))
        .to.emit(registry, "ArticleRetracted");

      await registry.recordBatchLeaf(...recordArgs(1));
      const correction = ethers.id("the corrected text") as Hex;
      const signature = await signPublication(publisher, registryAddress, chainId, { contentHash: correction, previous: second });
      await expect(registry.anchor(correction, second, publisher.address, signature))
        .to.emit(registry, "ArticleAnchored")
        .withArgs(correction, publisherId, publisher.address, second, anyValue);
      expect(await registry.successorOf(second)).to.equal(correction);
    });

    it("records and retracts in one transaction through multicall, or does neither", async function () {
      const { registry, registryAddress, chainId, tree, recordArgs, publisher, other } = await loadFixture(anchoredBatchFixture);
      const [contentHash] = tree.at(2)!;
      const reason = "Withdrawn";
      const record = registry.interface.encodeFunctionData("recordBatchLeaf", [...recordArgs(2)]);
      const badRetraction = registry.interface.encodeFunctionData("retract", [
        contentHash,
        reason,
        await signRetraction(other, registryAddress, chainId, { contentHash, reason }),
      ]);
      await expect(registry.multicall([record, badRetraction])).to.be.revertedWithCustomError(registry, "InvalidRetractionSignature");
      expect((await registry.getRecord(contentHash)).signer).to.equal(ethers.ZeroAddress);

      const retraction = registry.interface.encodeFunctionData("retract", [
        contentHash,
        reason,
        await signRetraction(publisher, registryAddress, chainId, { contentHash, reason }),
      ]);
      await expect(registry.multicall([record, retraction])).to.emit(registry, "ArticleRetracted");
      expect((await registry.getRetraction(contentHash)).blockNumber).to.not.equal(0n);
    });

    it("refuses a root never anchored, a tampered proof, a tampered leaf and a content hash recorded before", async function () {
      const { registry, tree, recordArgs, leaves } = await loadFixture(anchoredBatchFixture);
      const [root, proof, contentHash, publisher, signature] = recordArgs(4);
      await expect(registry.recordBatchLeaf(ethers.id("never anchored"), proof, contentHash, publisher, signature))
        .to.be.revertedWithCustomError(registry, "UnknownBatch")
        .withArgs(ethers.id("never anchored"));
      await expect(registry.recordBatchLeaf(root, [ethers.id("forged"), ...proof.slice(1)], contentHash, publisher, signature))
        .to.be.revertedWithCustomError(registry, "InvalidBatchProof")
        .withArgs(root, contentHash);
      const outsider = leaves[30]!;
      await expect(registry.recordBatchLeaf(root, proof, outsider[0], outsider[1], outsider[3]))
        .to.be.revertedWithCustomError(registry, "InvalidBatchProof")
        .withArgs(root, outsider[0]);
      await registry.recordBatchLeaf(...recordArgs(4));
      await expect(registry.recordBatchLeaf(...recordArgs(4)))
        .to.be.revertedWithCustomError(registry, "ArticleAlreadyAnchored")
        .withArgs(tree.at(4)![0]);
    });

    it("refuses a leaf whose signature is not the publisher's", async function () {
      const { registry, registryAddress, chainId, publisher, other } = await loadFixture(batchFixture);
      const contentHash = ethers.id("signed by a stranger") as Hex;
      // A relayer put it in a tree: the registry could not see the leaf then.
      const forged: Leaf = [contentHash, publisher.address as Hex, NO_PREVIOUS, await signPublication(other, registryAddress, chainId, { contentHash, previous: NO_PREVIOUS })];
      const tree = StandardMerkleTree.of([forged, forged.map((v, i) => (i === 0 ? ethers.id("filler") : v)) as Leaf], LEAF_ENCODING);
      await registry.anchorBatch(tree.root, 2);
      await expect(registry.recordBatchLeaf(tree.root, tree.getProof(0), contentHash, publisher.address, forged[3]))
        .to.be.revertedWithCustomError(registry, "InvalidPublicationSignature")
        .withArgs(publisher.address);
    });

    it("refuses a leaf of a revoked publisher", async function () {
      const { registry, recordArgs, publisherId } = await loadFixture(anchoredBatchFixture);
      await registry.revokePublisher(publisherId);
      await expect(registry.recordBatchLeaf(...recordArgs(5)))
        .to.be.revertedWithCustomError(registry, "PublisherIsRevoked")
        .withArgs(publisherId);
    });

    it("refuses a leaf whose key was not its identity's current key at the batch's block", async function () {
      const { registry, registryAddress, chainId, other, relayer } = await loadFixture(batchFixture);
      const signed = async (signer: typeof other, text: string): Promise<Leaf> => {
        const contentHash = ethers.id(text) as Hex;
        return [contentHash, signer.address as Hex, NO_PREVIOUS, await signPublication(signer, registryAddress, chainId, { contentHash, previous: NO_PREVIOUS })];
      };
      // Signed and batched before its key was registered.
      const early = await signed(other, "before registration");
      const earlyTree = StandardMerkleTree.of([early, await signed(other, "filler 1")], LEAF_ENCODING);
      await registry.anchorBatch(earlyTree.root, 2);
      await registry.registerPublisher(other.address, "Le Quotidien", "quotidien.example");
      await expect(registry.recordBatchLeaf(earlyTree.root, earlyTree.getProof(0), early[0], early[1], early[3]))
        .to.be.revertedWithCustomError(registry, "PublisherNotActiveAtBatch")
        .withArgs(other.address, earlyTree.root);

      // Batched after its key was rotated out.
      await registry.rotatePublisherKey(2, relayer.address, "0x");
      const late = await signed(other, "after rotation");
      const lateTree = StandardMerkleTree.of([late, await signed(other, "filler 2")], LEAF_ENCODING);
      await registry.anchorBatch(lateTree.root, 2);
      await expect(registry.recordBatchLeaf(lateTree.root, lateTree.getProof(0), late[0], late[1], late[3]))
        .to.be.revertedWithCustomError(registry, "PublisherNotActiveAtBatch")
        .withArgs(other.address, lateTree.root);
    });

    it("counts a rotation in the batch's own block as done: the old key no longer signs at that block", async function () {
      const { registry, publisher, relayer, leaves } = await loadFixture(batchFixture);
      const tree = StandardMerkleTree.of(leaves.slice(0, 2), LEAF_ENCODING);
      await setAutomine(false);
      try {
        await registry.anchorBatch(tree.root, 2);
        await registry.rotatePublisherKey(1, relayer.address, "0x");
        await ethers.provider.send("evm_mine", []);
      } finally {
        await setAutomine(true);
      }
      const batch = await registry.getBatch(tree.root);
      expect((await registry.keyPeriod(publisher.address)).until).to.equal(batch.blockNumber);
      const [contentHash, , , signature] = tree.at(0)!;
      await expect(registry.recordBatchLeaf(tree.root, tree.getProof(0), contentHash, publisher.address, signature))
        .to.be.revertedWithCustomError(registry, "PublisherNotActiveAtBatch");
    });

    it("records a leaf of a key rotated out after its batch, which the new key then retracts", async function () {
      const { registry, registryAddress, chainId, tree, recordArgs, publisher, relayer } = await loadFixture(anchoredBatchFixture);
      await registry.rotatePublisherKey(1, relayer.address, "0x");
      const [contentHash] = tree.at(6)!;
      await registry.recordBatchLeaf(...recordArgs(6));
      expect((await registry.getRecord(contentHash)).signer).to.equal(publisher.address);
      const reason = "Retracted by the new key";
      await expect(registry.retract(contentHash, reason, await signRetraction(relayer, registryAddress, chainId, { contentHash, reason })))
        .to.emit(registry, "ArticleRetracted");
    });

    it("keeps forks impossible: a corrected version in a batch cannot be recorded, a recorded one is corrected once", async function () {
      const { registry, registryAddress, chainId, tree, recordArgs, publisher } = await loadFixture(anchoredBatchFixture);
      const [original] = tree.at(7)!;
      await registry.recordBatchLeaf(...recordArgs(7));
      const sign = (contentHash: Hex, previous: Hex) => signPublication(publisher, registryAddress, chainId, { contentHash, previous });
      // A relayer slips a second correction of `original` into a batch: it proves nothing on chain.
      const [first, second] = [ethers.id("correction 1") as Hex, ethers.id("correction 2") as Hex];
      const forkLeaf: Leaf = [second, publisher.address as Hex, original, await sign(second, original)];
      const forkTree = StandardMerkleTree.of([forkLeaf, tree.at(0)!], LEAF_ENCODING);
      await registry.anchorBatch(forkTree.root, 2);
      await expect(registry.recordBatchLeaf(forkTree.root, forkTree.getProof(0), second, publisher.address, forkLeaf[3]))
        .to.be.revertedWithCustomError(registry, "InvalidBatchProof");
      await registry.anchor(first, original, publisher.address, await sign(first, original));
      await expect(registry.anchor(second, original, publisher.address, await sign(second, original)))
        .to.be.revertedWithCustomError(registry, "PreviousAlreadySuperseded")
        .withArgs(original, first);
    });
  });

  describe("anchorBatchLeafCorrection", function () {
    const correctionOf = async (f: Awaited<ReturnType<typeof anchoredBatchFixture>>, previous: Hex, text: string, signer = f.publisher) => {
      const contentHash = ethers.id(text) as Hex;
      return { contentHash, signature: await signPublication(signer, f.registryAddress, f.chainId, { contentHash, previous }) };
    };

    it("anchors a correction of an unrecorded leaf: the leaf gets its successor and no record", async function () {
      const f = await loadFixture(anchoredBatchFixture);
      const leaf = f.provenLeaf(3);
      const { contentHash, signature } = await correctionOf(f, leaf.contentHash, "corrected 3");
      await expect(f.registry.anchorBatchLeafCorrection(contentHash, f.publisher.address, signature, leaf))
        .to.emit(f.registry, "ArticleAnchored")
        .withArgs(contentHash, 1, f.publisher.address, leaf.contentHash, anyValue);
      expect(await f.registry.successorOf(leaf.contentHash)).to.equal(contentHash);
      expect((await f.registry.getRecord(leaf.contentHash)).signer).to.equal(ethers.ZeroAddress);
      expect((await f.registry.getRecord(contentHash)).signer).to.equal(f.publisher.address);
    });

    it("keeps forks impossible: a leaf corrected once is corrected no more, recorded or not", async function () {
      const f = await loadFixture(anchoredBatchFixture);
      const leaf = f.provenLeaf(4);
      const first = await correctionOf(f, leaf.contentHash, "first correction");
      await f.registry.anchorBatchLeafCorrection(first.contentHash, f.publisher.address, first.signature, leaf);
      const second = await correctionOf(f, leaf.contentHash, "second correction");
      await expect(f.registry.anchorBatchLeafCorrection(second.contentHash, f.publisher.address, second.signature, leaf))
        .to.be.revertedWithCustomError(f.registry, "PreviousAlreadySuperseded")
        .withArgs(leaf.contentHash, first.contentHash);
      // Recorded afterwards (to retract it), it is still superseded for anchor().
      await f.registry.recordBatchLeaf(...f.recordArgs(4));
      await expect(f.registry.anchor(second.contentHash, leaf.contentHash, f.publisher.address, second.signature))
        .to.be.revertedWithCustomError(f.registry, "PreviousAlreadySuperseded")
        .withArgs(leaf.contentHash, first.contentHash);
    });

    it("refuses a wrong proof, a leaf signature that is not the publisher's, and a correction signed for another previous", async function () {
      const f = await loadFixture(anchoredBatchFixture);
      const leaf = f.provenLeaf(5);
      const { contentHash, signature } = await correctionOf(f, leaf.contentHash, "corrected 5");
      await expect(f.registry.anchorBatchLeafCorrection(contentHash, f.publisher.address, signature, { ...leaf, proof: f.tree.getProof(6) }))
        .to.be.revertedWithCustomError(f.registry, "InvalidBatchProof");
      // A relayer's tree may hold any bytes as a leaf's signature: the registry checks it.
      const forged: Leaf = [ethers.id("never signed") as Hex, f.publisher.address as Hex, NO_PREVIOUS, await signPublication(f.other, f.registryAddress, f.chainId, { contentHash: ethers.id("never signed") as Hex, previous: NO_PREVIOUS })];
      const forgedTree = StandardMerkleTree.of([forged, f.tree.at(0)!], LEAF_ENCODING);
      await f.registry.anchorBatch(forgedTree.root, 2);
      const forgedLeaf = { root: forgedTree.root, proof: forgedTree.getProof(0), contentHash: forged[0], publisher: forged[1], signature: forged[3] };
      const onForged = await correctionOf(f, forged[0], "corrects a forged leaf");
      await expect(f.registry.anchorBatchLeafCorrection(onForged.contentHash, f.publisher.address, onForged.signature, forgedLeaf))
        .to.be.revertedWithCustomError(f.registry, "InvalidPublicationSignature");
      const elsewhere = await correctionOf(f, f.tree.at(6)![0], "corrected 5");
      await expect(f.registry.anchorBatchLeafCorrection(contentHash, f.publisher.address, elsewhere.signature, leaf))
        .to.be.revertedWithCustomError(f.registry, "InvalidPublicationSignature");
    });

    it("refuses a revoked publisher, and another identity's leaf", async function () {
      const f = await loadFixture(anchoredBatchFixture);
      const leaf = f.provenLeaf(1);
      await f.registry.registerPublisher(f.other.address, "Other Newsroom", "other.example");
      const stranger = await correctionOf(f, leaf.contentHash, "not theirs", f.other);
      await expect(f.registry.anchorBatchLeafCorrection(stranger.contentHash, f.other.address, stranger.signature, leaf))
        .to.be.revertedWithCustomError(f.registry, "PreviousFromAnotherPublisher");
      const { contentHash, signature } = await correctionOf(f, leaf.contentHash, "after revocation");
      await f.registry.revokePublisher(1);
      await expect(f.registry.anchorBatchLeafCorrection(contentHash, f.publisher.address, signature, leaf))
        .to.be.revertedWithCustomError(f.registry, "PublisherNotActive");
    });

    it("applies anchor's checks to a recorded leaf, whose proof it does not read: a retracted one is not corrected", async function () {
      const f = await loadFixture(anchoredBatchFixture);
      await f.registry.recordBatchLeaf(...f.recordArgs(2));
      const leaf = f.provenLeaf(2);
      const reason = "Withdrawn";
      await f.registry.retract(leaf.contentHash, reason, await signRetraction(f.publisher, f.registryAddress, f.chainId, { contentHash: leaf.contentHash, reason }));
      const { contentHash, signature } = await correctionOf(f, leaf.contentHash, "corrects a retracted version");
      await expect(f.registry.anchorBatchLeafCorrection(contentHash, f.publisher.address, signature, { ...leaf, proof: [] }))
        .to.be.revertedWithCustomError(f.registry, "PreviousRetracted");
    });
  });

  describe("keyPeriod", function () {
    it("is the block a key was registered in, then the block it was rotated out in; zero for a key never registered", async function () {
      const { registry, publisher, relayer, other } = await loadFixture(batchFixture);
      const registeredIn = BigInt((await ethers.provider.getBlockNumber()));
      expect(await registry.keyPeriod(publisher.address)).to.deep.equal([registeredIn, 0n]);
      await registry.rotatePublisherKey(1, relayer.address, "0x");
      const rotatedIn = BigInt(await ethers.provider.getBlockNumber());
      expect(await registry.keyPeriod(publisher.address)).to.deep.equal([registeredIn, rotatedIn]);
      expect(await registry.keyPeriod(relayer.address)).to.deep.equal([rotatedIn, 0n]);
      expect(await registry.keyPeriod(other.address)).to.deep.equal([0n, 0n]);
    });
  });

  describe("gas", function () {
    it("amortizes a batch of 256 to at most 300 gas per article", async function () {
      const { registry } = await loadFixture(batchFixture);
      const receipt = await (await registry.anchorBatch(ethers.id("batch of 256"), 256)).wait();
      const perArticle = Number(receipt!.gasUsed) / 256;
      console.log(`        gasUsed of one anchorBatch: ${receipt!.gasUsed} (${perArticle.toFixed(1)} per article for 256)`);
      expect(perArticle).to.be.at.most(300);
    });
  });
});
