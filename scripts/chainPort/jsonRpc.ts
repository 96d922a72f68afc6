// The JSON-RPC 2.0 shapes the port reads and writes, with the rules of Hardhat's own server
// (isValidJsonRequest in hardhat/internal/util/jsonrpc.js): an id is a number or a string, and
// params, when present, an array.

export type JsonRpcId = number | string;

export interface JsonRpcCall {
  jsonrpc: "2.0";
  id: JsonRpcId;
  method: string;
  params?: unknown[];
}

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export type JsonRpcResponse = { jsonrpc: "2.0"; id: JsonRpcId | null } & ({ result: unknown } | { error: JsonRpcErrorObject });

/** An EIP-1193 provider: the embedded chain, reached in process. */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] | object }): Promise<unknown>;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isId = (value: unknown): value is JsonRpcId => typeof value === "number" || typeof value === "string";

export function isJsonRpcCall(value: unknown): value is JsonRpcCall {
  if (!isRecord(value)) return false;
  return value.jsonrpc === "2.0" && isId(value.id) && typeof value.method === "string" && (value.params === undefined || Array.isArray(value.params));
}

/** The id to answer with: the request's, when it has one we can echo, else null. */
export const answerId = (value: unknown): JsonRpcId | null => (isRecord(value) && isId(value.id) ? value.id : null);

export const errorResponse = (id: JsonRpcId | null, error: JsonRpcErrorObject): JsonRpcResponse => ({ jsonrpc: "2.0", id, error });

/** A hex quantity ("0x1f"), or undefined for anything else. */
export function readQuantity(value: unknown): bigint | undefined {
  return typeof value === "string" && /^0x[0-9a-f]+$/i.test(value) ? BigInt(value) : undefined;
}
