import { expect } from "chai";
import fc from "fast-check";
import { getAddress, hexlify } from "ethers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { BATCH_LEAF_ENCODING, batchLeafValues, buildBatchTree, type BatchLeaf, type Hex } from "../../protocol";
import { buildBatchTree as nativeBatchTree } from "../../server/crypto/batchTree";

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max }).map((b) => hexlify(b) as Hex);
const leaf: fc.Arbitrary<BatchLeaf> = fc.record({
  contentHash: bytes(32, 32),
  publisher: bytes(20, 20).map((a) => getAddress(a) as Hex),
  previous: bytes(32, 32),
  // 65 bytes for keys; contract publishers' signatures may have any length.
  signature: fc.oneof(bytes(65, 65), bytes(0, 300)),
});

describe("buildBatchTree", function () {
  it("builds the tree StandardMerkleTree builds: same root, and proofs it verifies (property)", function () {
    fc.assert(
      fc.property(fc.uniqueArray(leaf, { minLength: 1, maxLength: 40, selector: (l) => l.contentHash }), (leaves) => {
        const values = leaves.map(batchLeafValues);
        const standard = StandardMerkleTree.of(values, [...BATCH_LEAF_ENCODING]);
        const { root, proofs } = buildBatchTree(leaves);
        expect(root).to.equal(standard.root);
        expect(nativeBatchTree(leaves)).to.deep.equal({ root, proofs });
        values.forEach((value, i) => {
          expect(proofs[i]).to.deep.equal(standard.getProof(i));
          expect(StandardMerkleTree.verify(root, [...BATCH_LEAF_ENCODING], value, proofs[i]!)).to.equal(true);
        });
      }),
      { numRuns: 30 },
    );
  });
});
