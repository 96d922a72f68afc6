// Deploys the registry to the network Hardhat is given, e.g.
//   npx hardhat run scripts/deploy.ts --network localhost
// and prints the environment the service needs to use it.
import hre from "hardhat";
import { deployRegistry } from "../server/chain/deployRegistry";

async function main() {
  const [deployer] = await hre.ethers.getSigners();
  if (!deployer) throw new Error(`network ${hre.network.name} has no account to deploy from`);
  const deployment = await deployRegistry(deployer);
  console.log(`ArticleRegistry deployed on ${hre.network.name} by ${deployer.address}`);
  console.log(`  REGISTRY_ADDRESS=${deployment.address}`);
  console.log(`  REGISTRY_START_BLOCK=${deployment.blockNumber}`);
  console.log(`  tx ${deployment.txHash}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
