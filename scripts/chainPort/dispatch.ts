import { withCappedGas } from "./callGas";
import { ChainPortError, InvalidRequestError, LimitExceededError, MethodNotAvailableError } from "./errors";
import { answerId, errorResponse, isJsonRpcCall, type Eip1193Provider, type JsonRpcCall, type JsonRpcResponse } from "./jsonRpc";
import type { ChainPortLimits } from "./limits";
import { assertLogRangeWithin } from "./logRange";
import { FORWARDED_METHODS, LOCAL_ANSWERS } from "./methods";
import { INTERNAL_ERROR_OBJECT, providerErrorObject } from "./providerError";
import { rawTransactionCounter } from "./rawTransactionRate";
import { assertTransactionGasWithin } from "./transactionGas";

/** Answers a parsed body, a call or a batch of them, from one client. */
export type Dispatch = (body: unknown, clientIp: string) => Promise<JsonRpcResponse | JsonRpcResponse[]>;

export interface DispatchDeps {
  provider: Eip1193Provider;
  limits: ChainPortLimits;
  /** Told of every call refused before it reached the chain. */
  onRefusal(error: ChainPortError, clientIp: string): void;
}

/** Checks a forwarded call against its method's bound, and returns the params to forward. */
type Bound = (params: unknown[] | undefined, clientIp: string) => Promise<unknown[] | undefined>;

export function createDispatch({ provider, limits, onRefusal }: DispatchDeps): Dispatch {
  const countRawTransaction = rawTransactionCounter(limits.rawTransactionsPerMinute);
  const capGas: Bound = async (params) => withCappedGas(params, limits.maxCallGas);
  const bounds = new Map<string, Bound>([
    ["eth_call", capGas],
    ["eth_estimateGas", capGas],
    [
      "eth_getLogs",
      async (params) => {
        await assertLogRangeWithin(params, provider, limits.maxLogBlockRange);
        return params;
      },
    ],
    [
      "eth_sendRawTransaction",
      async (params, clientIp) => {
        assertTransactionGasWithin(params, limits.maxTransactionGas);
        await countRawTransaction(clientIp);
        return params;
      },
    ],
  ]);

  async function forward(call: JsonRpcCall, clientIp: string): Promise<unknown> {
    if (!FORWARDED_METHODS.has(call.method)) throw new MethodNotAvailableError({ method: call.method });
    const bound = bounds.get(call.method);
    const params = bound ? await bound(call.params, clientIp) : call.params;
    return provider.request({ method: call.method, params });
  }

  async function answer(value: unknown, clientIp: string): Promise<JsonRpcResponse> {
    const id = answerId(value);
    try {
      if (!isJsonRpcCall(value)) throw new InvalidRequestError({ message: "Invalid request" });
      const result = LOCAL_ANSWERS.has(value.method) ? LOCAL_ANSWERS.get(value.method) : await forward(value, clientIp);
      return result === undefined ? errorResponse(id, INTERNAL_ERROR_OBJECT) : { jsonrpc: "2.0", id, result };
    } catch (error) {
      if (!(error instanceof ChainPortError)) return errorResponse(id, providerErrorObject(error));
      onRefusal(error, clientIp);
      return errorResponse(id, error.toJsonRpc());
    }
  }

  return async (body, clientIp) => {
    if (!Array.isArray(body)) return answer(body, clientIp);
    if (body.length === 0) throw new InvalidRequestError({ message: "Invalid request: the batch is empty" });
    if (body.length > limits.maxBatchSize) {
      throw new LimitExceededError({ limit: "maxBatchSize", message: `a batch of ${body.length} calls is more than the port's maxBatchSize of ${limits.maxBatchSize}` });
    }
    // One call after the other: a batch keeps at most one call of its client on the chain, and
    // its raw transactions reach the chain in the order their sender numbered them.
    const answers: JsonRpcResponse[] = [];
    for (const call of body) answers.push(await answer(call, clientIp));
    return answers;
  };
}
