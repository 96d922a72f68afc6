import type { ChainPortLimits } from "./limits";
import type { JsonRpcErrorObject } from "./jsonRpc";

/** Why the port refused a request. The HTTP layer maps each reason to a status, in one table (app.ts). */
export type RefusalReason =
  | "host_not_allowed"
  | "http_method_not_allowed"
  | "unsupported_media_type"
  | "body_too_large"
  | "parse_error"
  | "invalid_request"
  | "invalid_params"
  | "method_not_available"
  | "limit_exceeded";

/** The JSON-RPC error code of each refusal (EIP-1474's list; -32005 is its "limit exceeded"). */
const RPC_CODES: Record<RefusalReason, number> = {
  host_not_allowed: -32600,
  http_method_not_allowed: -32600,
  unsupported_media_type: -32600,
  body_too_large: -32005,
  parse_error: -32700,
  invalid_request: -32600,
  invalid_params: -32602,
  method_not_available: -32601,
  limit_exceeded: -32005,
};

/**
 * The port's error family: a request it refuses before the chain sees it. Errors of the chain
 * itself are not in it; they reach the client as Hardhat's server words them (providerError.ts).
 */
export class ChainPortError extends Error {
  override readonly name: string = "ChainPortError";
  readonly reason: RefusalReason;
  /** The bound, when a limit was reached. */
  readonly limit: keyof ChainPortLimits | undefined;

  constructor(args: { reason: RefusalReason; message: string; limit?: keyof ChainPortLimits; cause?: unknown }) {
    super(args.message, { cause: args.cause });
    this.reason = args.reason;
    this.limit = args.limit;
  }

  toJsonRpc(): JsonRpcErrorObject {
    return { code: RPC_CODES[this.reason], message: this.message };
  }
}

/** The Host header names another site: a page of another origin reaching us through DNS rebinding. */
export class HostNotAllowedError extends ChainPortError {
  constructor(args: { host: string | undefined }) {
    super({ reason: "host_not_allowed", message: `the Host header ${JSON.stringify(args.host ?? "")} is not one this port answers to` });
  }
}

export class HttpMethodNotAllowedError extends ChainPortError {
  constructor(args: { method: string }) {
    super({ reason: "http_method_not_allowed", message: `HTTP ${args.method} is not served: send JSON-RPC with POST` });
  }
}

export class UnsupportedMediaTypeError extends ChainPortError {
  constructor(args: { contentType: string | undefined; cause?: unknown }) {
    const sent = args.contentType === undefined ? "no Content-Type" : `Content-Type ${JSON.stringify(args.contentType)}`;
    super({ reason: "unsupported_media_type", message: `${sent}: the body must be uncompressed UTF-8 application/json`, cause: args.cause });
  }
}

export class BodyTooLargeError extends ChainPortError {
  constructor(args: { maxBodyBytes: number; cause?: unknown }) {
    super({ reason: "body_too_large", limit: "maxBodyBytes", message: `the body is larger than the port's maxBodyBytes of ${args.maxBodyBytes} bytes`, cause: args.cause });
  }
}

export class ParseError extends ChainPortError {
  constructor(args: { message: string; cause?: unknown }) {
    super({ reason: "parse_error", message: `Parse error: ${args.message}`, cause: args.cause });
  }
}

export class InvalidRequestError extends ChainPortError {
  constructor(args: { message: string }) {
    super({ reason: "invalid_request", ...args });
  }
}

export class InvalidParamsError extends ChainPortError {
  constructor(args: { message: string }) {
    super({ reason: "invalid_params", ...args });
  }
}

/** A method this port does not serve: the chain never sees it. */
export class MethodNotAvailableError extends ChainPortError {
  constructor(args: { method: string }) {
    super({ reason: "method_not_available", message: `the method ${args.method} is not available on this port` });
  }
}

/** A request past one of the port's bounds; the message names the limit. */
export class LimitExceededError extends ChainPortError {
  constructor(args: { limit: keyof ChainPortLimits; message: string }) {
    super({ reason: "limit_exceeded", ...args });
  }
}
