import { subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/types";
import "@nomicfoundation/hardhat-toolbox";

// Hardhat downloads solc from the internet, which our machines cannot reach (HH502).
// We compile with the solc-js build shipped in the npm `solc` package instead, pinned
// to an exact version in package.json so every machine builds identical bytecode.
const SOLC_VERSION: string = require("solc/package.json").version;

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper();
  const solc = require("solc");
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: args.solcVersion,
    longVersion: solc.version(),
  };
});

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      optimizer: { enabled: true, runs: 10_000 },
      evmVersion: "cancun",
    },
  },
  networks: {
    // A `npx hardhat node` on this machine; its accounts are Hardhat's well-known public test keys.
    localhost: { url: "http://127.0.0.1:8545" },
    // Any other EVM network, for `scripts/deploy.ts --network external`. Tooling configuration,
    // read by Hardhat alone; the service reads its own settings through server/config.ts.
    ...(process.env.RPC_URL && {
      external: {
        url: process.env.RPC_URL,
        accounts: process.env.DEPLOYER_PRIVATE_KEY ? [process.env.DEPLOYER_PRIVATE_KEY] : [],
      },
    }),
  },
  mocha: { timeout: 120_000 },
};

export default config;
