/**
 * What the port forwards to the chain: reads, and transactions their sender signed. Nothing that
 * signs with the chain's unlocked accounts, changes how it mines or what time it is, traces, or
 * keeps state on the node (filters, subscriptions): those are for the service, in process.
 */
export const FORWARDED_METHODS: ReadonlySet<string> = new Set([
  "eth_chainId",
  "net_version",
  "web3_clientVersion",
  "eth_blockNumber",
  "eth_getBlockByNumber",
  "eth_getBlockByHash",
  "eth_getLogs",
  "eth_call",
  "eth_estimateGas",
  "eth_gasPrice",
  "eth_feeHistory",
  "eth_maxPriorityFeePerGas",
  "eth_getBalance",
  "eth_getCode",
  "eth_getStorageAt",
  "eth_getTransactionCount",
  "eth_getTransactionByHash",
  "eth_getTransactionReceipt",
  "eth_sendRawTransaction",
]);

/** Methods the port answers itself. A wallet asks for eth_accounts: through this port, the chain has none unlocked. */
export const LOCAL_ANSWERS: ReadonlyMap<string, unknown> = new Map([["eth_accounts", []]]);
