/**
 * The service's error family. Every error a caller can cause is a ServiceError with a stable
 * `code`; the HTTP layer maps the family to status codes in one place (routes/errorHandler.ts).
 * Anything else that reaches the handler is an internal bug and is reported without details.
 */
export class ServiceError extends Error {
  override readonly name: string = "ServiceError";
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(args: { code: string; status: number; message: string; details?: Record<string, unknown>; cause?: unknown }) {
    super(args.message, { cause: args.cause });
    this.code = args.code;
    this.status = args.status;
    this.details = args.details;
  }
}

type Specific = { message: string; details?: Record<string, unknown>; cause?: unknown };

/** The request is malformed: a schema check failed. */
export class InvalidRequestError extends ServiceError {
  constructor(args: Specific & { code?: string }) {
    super({ code: "invalid_request", status: 400, ...args });
  }
}

export class UnauthorizedError extends ServiceError {
  constructor(args: Specific) {
    super({ code: "unauthorized", status: 401, ...args });
  }
}

/** The request is well formed but the signer may not do this (bad signature, inactive publisher). */
export class ForbiddenError extends ServiceError {
  constructor(args: Specific & { code: string }) {
    super({ status: 403, ...args });
  }
}

export class NotFoundError extends ServiceError {
  constructor(args: Specific & { code?: string }) {
    super({ code: "not_found", status: 404, ...args });
  }
}

/** The request conflicts with what the chain already holds (a duplicate, a fork). */
export class ConflictError extends ServiceError {
  constructor(args: Specific & { code: string }) {
    super({ status: 409, ...args });
  }
}

/** The request names something that does not exist on chain (e.g. a `previous` never anchored). */
export class UnprocessableError extends ServiceError {
  constructor(args: Specific & { code: string }) {
    super({ status: 422, ...args });
  }
}

/** The client sent more requests than its rate limit allows; the Retry-After header says when to come back. */
export class RateLimitedError extends ServiceError {
  constructor(args: Specific) {
    super({ code: "rate_limited", status: 429, ...args });
  }
}

/** The chain could not be reached or refused the transaction for a reason we did not foresee. */
export class ChainUnavailableError extends ServiceError {
  constructor(args: Specific) {
    super({ code: "chain_unavailable", status: 503, ...args });
  }
}

/** The registry's contract is gone from the chain (a reset development chain): nothing can be verified against it. */
export class RegistryUnavailableError extends ServiceError {
  constructor(args: Specific) {
    super({ code: "registry_unavailable", status: 503, ...args });
  }
}
