import type { JsonRpcErrorObject } from "./jsonRpc";

/** JSON-RPC's "internal error", which Hardhat gives every error that is not one of its ProviderErrors. */
const INTERNAL_ERROR = -32603;

/** Hardhat's answer to a result it cannot send: the provider answered undefined, or threw without a numeric code. */
export const INTERNAL_ERROR_OBJECT: JsonRpcErrorObject = { code: INTERNAL_ERROR, message: "Internal error", data: { message: "Internal error" } };

/** The fields Hardhat reads from what its provider throws. */
interface ThrownFields {
  _isProviderError?: unknown;
  code?: unknown;
  message?: unknown;
  data?: unknown;
  transactionHash?: unknown;
}

const fieldsOf = (value: unknown): ThrownFields => (typeof value === "object" && value !== null ? value : {});

/**
 * The error object `hardhat node` answers for what the chain threw, field for field, so that a
 * client decodes an error from this port as it does from Hardhat's server: the revert data in
 * data.data (custom errors are decoded from it), the transaction's hash in data.txHash, and the
 * message again in data.message. This is _handleError of Hardhat 2.28's
 * internal/hardhat-network/jsonrpc/handler.js. A revert with a Solidity stack trace is a
 * SolidityError, not a ProviderError, so Hardhat answers it as an internal error whose message is
 * the error's string: "Error: VM Exception while processing transaction: reverted with …".
 */
export function providerErrorObject(thrown: unknown): JsonRpcErrorObject {
  const error = fieldsOf(thrown);
  const nested = fieldsOf(error.data);
  let txHash = error.transactionHash;
  let returnData: unknown;
  if (error.data !== undefined) {
    returnData = nested.data !== undefined ? nested.data : error.data;
    if (txHash === undefined) txHash = nested.transactionHash;
  }
  const isProviderError = error._isProviderError === true;
  const code = isProviderError ? error.code : INTERNAL_ERROR;
  const message = isProviderError ? error.message : String(thrown);
  if (typeof code !== "number" || typeof message !== "string") return INTERNAL_ERROR_OBJECT;
  const data: Record<string, unknown> = { message };
  if (txHash !== undefined) data.txHash = txHash;
  if (returnData !== undefined) data.data = returnData;
  return { code, message, data };
}
