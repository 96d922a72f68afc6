import { expect } from "chai";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { BATCH_LEAF_ENCODING, checkReceiptOffline, type Hex } from "../../protocol";
import { readVectors } from "./vectors";

interface ReceiptVector {
  name: string;
  receipt: unknown;
  article?: unknown;
  valid: boolean;
  failedCheck?: string;
}

// docs/test-vectors/receipts.json was built by scripts/vectors/receipts.ts with @noble, a
// hand-written RFC 8785 and the StandardMerkleTree layout written out; here the protocol module's
// offline checks, and OpenZeppelin's merkle-tree itself, must agree with it.
describe("protocol: the receipt test vectors", function () {
  const file = readVectors<ReceiptVector>("receipts.json") as ReturnType<typeof readVectors<ReceiptVector>> & {
    batches: { root: Hex; values: [Hex, Hex, Hex, Hex][] }[];
  };

  it("has valid receipts of every kind and tampered ones for every offline check", function () {
    const failing = new Set(file.cases.flatMap((vector) => (vector.valid ? [] : [vector.failedCheck])));
    expect([...failing].sort()).to.deep.equal(["article", "cid", "first version", "format", "proof", "relayer signature", "signature"]);
    expect(file.cases.filter((vector) => vector.valid).length).to.be.at.least(5);
  });

  it("builds each batch's root and proofs as StandardMerkleTree.of does, a v1 leafIndex counting the values as given", function () {
    const trees = new Map(file.batches.map(({ root, values }) => [root, { tree: StandardMerkleTree.of(values, [...BATCH_LEAF_ENCODING]), values }]));
    for (const [root, { tree }] of trees) expect(tree.root).to.equal(root);
    let checked = 0;
    for (const vector of file.cases.filter((c) => c.valid)) {
      const receipt = vector.receipt as { format: string; contentHash: Hex; anchor: { kind: string; root: Hex; leafIndex?: number; proof: Hex[] } };
      if (receipt.anchor?.kind !== "batch") continue;
      const { tree, values } = trees.get(receipt.anchor.root)!;
      const position = values.findIndex((value) => value[0] === receipt.contentHash);
      expect(tree.getProof(position), vector.name).to.deep.equal(receipt.anchor.proof);
      // v2 has no leafIndex; one v1 case says another on purpose: no proof reads it.
      if (receipt.format === "newsprov-receipt-v2") expect(receipt.anchor, vector.name).to.not.have.property("leafIndex");
      else if (!vector.name.includes("not read")) expect(receipt.anchor.leafIndex, vector.name).to.equal(position);
      checked++;
    }
    expect(checked).to.be.at.least(3);
  });

  for (const vector of file.cases) {
    it(`${vector.valid ? "passes" : `fails ${vector.failedCheck}`}: ${vector.name}`, async function () {
      const { checks } = await checkReceiptOffline(vector.receipt, vector.article);
      expect(checks.filter((check) => !check.ok).map((check) => check.name)).to.deep.equal(vector.valid ? [] : [vector.failedCheck]);
    });
  }
});
