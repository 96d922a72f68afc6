import hre from "hardhat";
import { ethers } from "ethers";
import { deployRegistry } from "../../server/chain/deployRegistry";
import { ArticleRegistry__factory } from "../../typechain-types";
import {
  buildBatchTree,
  NO_PREVIOUS,
  protocolDomain,
  PUBLICATION_TYPES,
  signPublication,
  signRetraction,
  type BatchLeaf,
  type ContentHash,
  type Hex,
} from "../../protocol";

export interface GasResult {
  direct: number;
  /** Gas per article for each batch size. */
  batches: { size: number; total: number; perArticle: number }[];
  /** What a retraction and a correction cost, of a version anchored directly and of one anchored in a batch. */
  versions: VersionGas;
}

/** Gas of each transaction that changes what the registry says of a version anchored before. */
export interface VersionGas {
  /** Leaves of the batch the batched versions come from, and the hashes of each one's proof. */
  batchSize: number;
  proofLength: number;
  /** UTF-8 bytes of the retractions' reason: the reason is in the calldata and the event. */
  reasonBytes: number;
  /** `retract` of a version anchored by `anchor`. */
  directRetraction: number;
  /** `anchor` with `previous`, of a version anchored by `anchor`. */
  directCorrection: number;
  /** `recordBatchLeaf` alone: the proof, the leaf's signature and the key's period checked on chain. */
  recordBatchLeaf: number;
  /** One `multicall` of `recordBatchLeaf` and `retract`, as the service sends a batched version's retraction. */
  batchedRetraction: number;
  /** `anchorBatchLeafCorrection`, which proves the leaf without recording it, as the service sends a batched version's correction. */
  batchedCorrection: number;
}

const VERSIONS_BATCH_SIZE = 256;
const REASON = "The figures in this article could not be confirmed.";

/** Gas of one direct anchor (with its on-chain signature check), of batches, and of retracting and correcting versions, on the in-process chain. */
export async function measureGas(): Promise<GasResult> {
  const [admin, publisher] = await hre.ethers.getSigners();
  const deployment = await deployRegistry(admin!);
  const registry = ArticleRegistry__factory.connect(deployment.address, admin!);
  await (await registry.registerPublisher(publisher!.address, "Bench Newsroom", "bench.example")).wait();
  const domain = protocolDomain((await hre.ethers.provider.getNetwork()).chainId, deployment.address);
  const gasOf = async (sent: Promise<ethers.ContractTransactionResponse>) => Number((await (await sent).wait())!.gasUsed);

  const contentHash = ethers.id("a direct article") as Hex;
  const signature = await publisher!.signTypedData(domain, PUBLICATION_TYPES, { contentHash, previous: NO_PREVIOUS });
  const direct = await gasOf(registry.anchor(contentHash, NO_PREVIOUS, publisher!.address, signature));

  const batches = [];
  for (const size of [1, 16, 256, 1024]) {
    const total = await gasOf(registry.anchorBatch(ethers.id(`a batch of ${size}`), size));
    batches.push({ size, total, perArticle: total / size });
  }

  // Retractions and corrections, each of a version that nothing corrected or retracted before.
  const publication = (hash: ContentHash, previous: ContentHash = NO_PREVIOUS) => signPublication(publisher!, domain, { contentHash: hash, previous });
  const retraction = (hash: ContentHash) => signRetraction(publisher!, domain, { contentHash: hash, reason: REASON });
  const correctionOf = (hash: ContentHash) => ethers.id(`a correction of ${hash}`) as ContentHash;

  const toRetract = ethers.id("a direct article to retract") as ContentHash;
  await gasOf(registry.anchor(toRetract, NO_PREVIOUS, publisher!.address, await publication(toRetract)));
  const directRetraction = await gasOf(registry.retract(toRetract, REASON, await retraction(toRetract)));
  const directCorrection = await gasOf(
    registry.anchor(correctionOf(contentHash), contentHash, publisher!.address, await publication(correctionOf(contentHash), contentHash)),
  );

  // A batch of real signed leaves, its tree built as the service builds it, its root anchored.
  const leaves: BatchLeaf[] = [];
  for (let i = 0; i < VERSIONS_BATCH_SIZE; i++) {
    const hash = ethers.id(`a batched article ${i}`) as ContentHash;
    leaves.push({ contentHash: hash, publisher: publisher!.address as Hex, previous: NO_PREVIOUS, signature: await publication(hash) });
  }
  const tree = buildBatchTree(leaves);
  await gasOf(registry.anchorBatch(tree.root, leaves.length));
  const recordCall = (i: number) =>
    registry.interface.encodeFunctionData("recordBatchLeaf", [tree.root, tree.proofs[i]!, leaves[i]!.contentHash, leaves[i]!.publisher, leaves[i]!.signature]);
  const proofLengths = new Set([0, 1, 2].map((i) => tree.proofs[i]!.length));
  if (proofLengths.size !== 1) throw new Error(`the three leaves' proofs differ in length: ${[...proofLengths].join(", ")}`);

  const recordBatchLeaf = await gasOf(
    registry.recordBatchLeaf(tree.root, tree.proofs[0]!, leaves[0]!.contentHash, leaves[0]!.publisher, leaves[0]!.signature),
  );
  const retracted = leaves[1]!.contentHash;
  const batchedRetraction = await gasOf(
    registry.multicall([recordCall(1), registry.interface.encodeFunctionData("retract", [retracted, REASON, await retraction(retracted)])]),
  );
  const corrected = leaves[2]!.contentHash;
  const correction = correctionOf(corrected);
  const proven = { root: tree.root, proof: tree.proofs[2]!, contentHash: corrected, publisher: leaves[2]!.publisher, signature: leaves[2]!.signature };
  const batchedCorrection = await gasOf(registry.anchorBatchLeafCorrection(correction, publisher!.address, await publication(correction, corrected), proven));
  // Each transaction must have done what it is measured for.
  if ((await registry.getRetraction(toRetract)).blockNumber === 0n || (await registry.getRetraction(retracted)).blockNumber === 0n) {
    throw new Error("a measured retraction did not retract");
  }
  if ((await registry.successorOf(contentHash)) !== correctionOf(contentHash) || (await registry.successorOf(corrected)) !== correction) {
    throw new Error("a measured correction did not correct");
  }

  return {
    direct,
    batches,
    versions: {
      batchSize: VERSIONS_BATCH_SIZE,
      proofLength: [...proofLengths][0]!,
      reasonBytes: Buffer.byteLength(REASON, "utf8"),
      directRetraction,
      directCorrection,
      recordBatchLeaf,
      batchedRetraction,
      batchedCorrection,
    },
  };
}
