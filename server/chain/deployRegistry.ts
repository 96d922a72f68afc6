import type { Signer } from "ethers";
import { ArticleRegistry__factory } from "../../typechain-types";
import type { Hex } from "../../protocol";

export interface Deployment {
  address: Hex;
  /** Block of the deployment: no registry event can be older. */
  blockNumber: number;
  txHash: Hex;
}

/** Deploys the registry; `admin` (default: the deployer) gets the admin and registrar roles. */
export async function deployRegistry(deployer: Signer, admin?: string): Promise<Deployment> {
  const registry = await new ArticleRegistry__factory(deployer).deploy(admin ?? (await deployer.getAddress()));
  const receipt = await registry.deploymentTransaction()!.wait();
  if (!receipt) throw new Error("the registry deployment was dropped");
  return { address: (await registry.getAddress()) as Hex, blockNumber: receipt.blockNumber, txHash: receipt.hash as Hex };
}
