import hre from "hardhat";
import { ethers } from "ethers";
import { deployRegistry } from "../../server/chain/deployRegistry";
import { ArticleRegistry__factory } from "../../typechain-types";
import { NO_PREVIOUS, protocolDomain, PUBLICATION_TYPES, type Hex } from "../../protocol";

export interface GasResult {
  direct: number;
  /** Gas per article for each batch size. */
  batches: { size: number; total: number; perArticle: number }[];
}

/** Gas of one direct anchor (with its on-chain signature check) and of batches, on the in-process chain. */
export async function measureGas(): Promise<GasResult> {
  const [admin, publisher] = await hre.ethers.getSigners();
  const deployment = await deployRegistry(admin!);
  const registry = ArticleRegistry__factory.connect(deployment.address, admin!);
  await (await registry.registerPublisher(publisher!.address, "Bench Newsroom", "bench.example")).wait();
  const domain = protocolDomain((await hre.ethers.provider.getNetwork()).chainId, deployment.address);

  const contentHash = ethers.id("a direct article") as Hex;
  const signature = await publisher!.signTypedData(domain, PUBLICATION_TYPES, { contentHash, previous: NO_PREVIOUS });
  const direct = await (await registry.anchor(contentHash, NO_PREVIOUS, publisher!.address, signature)).wait();

  const batches = [];
  for (const size of [1, 16, 256, 1024]) {
    const receipt = await (await registry.anchorBatch(ethers.id(`a batch of ${size}`), size)).wait();
    const total = Number(receipt!.gasUsed);
    batches.push({ size, total, perArticle: total / size });
  }
  return { direct: Number(direct!.gasUsed), batches };
}
