/** The bounds of what one client may ask of the embedded chain through its JSON-RPC port. */
export interface ChainPortLimits {
  /** The largest request body, in bytes: a larger one gets HTTP 413 before it is parsed. */
  maxBodyBytes: number;
  /** The most calls in one JSON-RPC batch. */
  maxBatchSize: number;
  /** The most blocks one eth_getLogs may span. */
  maxLogBlockRange: number;
  /** The gas of each eth_call and eth_estimateGas: a missing or larger `gas` becomes this. */
  maxCallGas: bigint;
  /** eth_sendRawTransaction calls accepted from one client (IP address) in each minute. */
  rawTransactionsPerMinute: number;
  /** The largest gas limit of a raw transaction. */
  maxTransactionGas: bigint;
}

export const DEFAULT_CHAIN_PORT_LIMITS: ChainPortLimits = {
  // ethers' JsonRpcProvider, the client of `newsprov verify-receipt` and `reindex`, batches calls
  // up to 1 MiB of JSON (its batchMaxSize): every batch it builds gets through. The largest single
  // call, a deployment with EIP-3860's largest init code (49,152 bytes), is under 100 kB of hex.
  // JSON.parse of a 1 MB batch takes about 0.5 ms here.
  maxBodyBytes: 1024 * 1024,
  // ethers' batchMaxCount. The port runs a batch's calls one after the other.
  maxBatchSize: 100,
  // The follower's chunk (server/chain/follower.ts), which `newsprov reindex --rpc` sends through
  // this port. Measured on the in-process chain: 2,000 blocks with one 200-byte log each answer
  // 1.46 MB in 17 ms; 10,000 empty blocks take under 1 ms (their bloom filters are skipped).
  maxLogBlockRange: 2_000,
  // A failed call costs the most: Hardhat builds a Solidity stack trace from its execution trace.
  // `CAPS=… npx hardhat run scripts/bench/chainPortCalls.ts`, one cap a run, two busy cores (load
  // 1.6): a loop that runs out of 500,000 gas takes 21 ms (median), 101 ms (p90); one that spends
  // them and reverts 50 / 211 ms. At 750,000 gas the medians were 179 / 253 ms, at 1,000,000
  // 251 / 343 ms. The registry's writes need about 150,000 gas (registerPublisher: 142,014).
  maxCallGas: 500_000n,
  // A wallet or a deployment script sends a few a minute. Each one mines a block, which the
  // chain's journal keeps on disk for good.
  rawTransactionsPerMinute: 20,
  // What one of them may cost: the registry's deployment needs 2,538,086 gas, an anchor about
  // 61,000. A transaction of 16,777,216 gas (the most the chain takes) kept it busy 2.6 to 6.3 s in
  // a JUMP loop; at this cap, 20 a minute from one client hold it at most about a fifth of the time.
  maxTransactionGas: 3_000_000n,
};
