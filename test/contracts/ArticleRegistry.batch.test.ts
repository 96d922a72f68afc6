import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { NO_PREVIOUS, type Hex } from "../../server/protocol";
import { deployRegistryFixture, signPublication } from "../helpers/registry";

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
