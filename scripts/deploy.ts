// Deploys the registry to the network Hardhat is given, e.g.
//   npx hardhat run scripts/deploy.ts --network localhost
//   RPC_URL=… DEPLOYER_PRIVATE_KEY=… [REGISTRY_ADMIN=0x…] npx hardhat run scripts/deploy.ts --network external
// and prints the environment the service needs to use it, and the steps before it can
// (docs/operations.md walks through them). REGISTRY_ADMIN: the account that gets the registry's
// roles, when it is not the deployer (a key kept offline, say, while a hot key pays for the deployment).
import { getAddress, isAddress } from "ethers";
import hre from "hardhat";
import type { HttpNetworkConfig } from "hardhat/types";
import { deployRegistry } from "../server/chain/deployRegistry";
import { PUBLIC_TEST_ACCOUNTS } from "../protocol";

async function main() {
  const [deployer] = await hre.ethers.getSigners();
  if (!deployer) throw new Error(`network ${hre.network.name} has no account to deploy from`);
  const requestedAdmin = process.env.REGISTRY_ADMIN || undefined;
  if (requestedAdmin !== undefined && !isAddress(requestedAdmin)) throw new Error(`REGISTRY_ADMIN must be an address, not ${requestedAdmin}`);
  const admin = requestedAdmin === undefined ? deployer.address : getAddress(requestedAdmin);
  const deployment = await deployRegistry(deployer, admin);
  const { chainId } = await hre.ethers.provider.getNetwork();
  const rpc = "url" in hre.network.config ? (hre.network.config as HttpNetworkConfig).url : "<your RPC URL>";
  // The deployer's key is in DEPLOYER_PRIVATE_KEY already; an admin of its own is best kept in a keystore.
  const adminKey = admin === deployer.address ? "env" : "<the admin's keystore>";
  const chain = `--rpc ${rpc} --registry ${deployment.address}`;
  const publicKey = PUBLIC_TEST_ACCOUNTS.includes(admin as (typeof PUBLIC_TEST_ACCOUNTS)[number]);
  console.log(`ArticleRegistry deployed on ${hre.network.name} (chain ${chainId}) by ${deployer.address}
  REGISTRY_ADDRESS=${deployment.address}
  REGISTRY_START_BLOCK=${deployment.blockNumber}
  tx ${deployment.txHash}
${publicKey ? `
Warning: the admin is one of the public test keys that Hardhat and Anvil print: anyone can act as
this registry's admin. Fine on a local test node; on a real network deploy from a key of your own.
` : ""}
The admin ${admin}${admin === deployer.address ? " (the deployer)" : ""} now holds every role: admin, registrar and relayer.
Next steps (docs/operations.md):
  1. The relayer's key (unless made already), in an encrypted keystore, its password in a file of its own:
       npx newsprov keygen --out relayer-key.json
  2. Fund the relayer: send ETH on chain ${chainId} to the address keygen printed. It pays the gas of
     every anchor, batch and registration.
  3. Grant it its roles, signed by the admin key${adminKey === "env" ? " (--key env: put it in NEWSPROV_PRIVATE_KEY)" : ""}:
       npx newsprov roles grant relayer <relayer address> ${chain} --key ${adminKey}
       npx newsprov roles grant registrar <relayer address> ${chain} --key ${adminKey}
     (or a registrar key of its own instead of the second grant: REGISTRAR_KEYSTORE below). Then take
     the relayer role from the admin, which does not relay, and check:
       npx newsprov roles revoke relayer ${admin} ${chain} --key ${adminKey}
       npx newsprov roles list ${chain} --from-block ${deployment.blockNumber}
  4. Start the service:
       RPC_URL=${rpc} REGISTRY_ADDRESS=${deployment.address} REGISTRY_START_BLOCK=${deployment.blockNumber} \\
         RELAYER_KEYSTORE=relayer-key.json RELAYER_KEYSTORE_PASSWORD_FILE=relayer-password.txt \\
         CONFIRMATIONS=<blocks: docs/operations.md, section 7> npm start`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
