import type { ApiErrorCode } from "../protocol";

/**
 * The service's error family, in the manner of viem's BaseError: a code from one typed union,
 * a short message, details, a cause, and whether the same request may succeed later. It knows no
 * HTTP: the HTTP layer alone maps codes to statuses, in one table (server/middleware/errorStatus.ts).
 * Anything else that reaches the error handler is an internal bug and is reported without details.
 */
/** The codes of the API's errors: one typed union, shared with the clients (protocol/apiAnswers.ts). */
export type ErrorCode = ApiErrorCode;

export class ServiceError extends Error {
  override readonly name: string = "ServiceError";
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  /** True when the same request may succeed later, unchanged: the chain could not be reached, say. False: refused for good. */
  readonly retryable: boolean;

  constructor(args: { code: ErrorCode; message: string; details?: Record<string, unknown>; cause?: unknown; retryable?: boolean }) {
    super(args.message, { cause: args.cause });
    this.code = args.code;
    this.details = args.details;
    this.retryable = args.retryable ?? false;
  }
}

type Specific = { message: string; details?: Record<string, unknown>; cause?: unknown };

/** The request is malformed: a schema check failed. */
export class InvalidRequestError extends ServiceError {
  constructor(args: Specific & { code?: ErrorCode }) {
    super({ code: "invalid_request", ...args });
  }
}

export class NotFoundError extends ServiceError {
  constructor(args: Specific & { code?: ErrorCode }) {
    super({ code: "not_found", ...args });
  }
}

/** The registry already holds this content hash: a duplicate, which callers answer with the existing record. */
export class AlreadyAnchoredError extends ServiceError {
  constructor(args: Specific) {
    super({ code: "article_already_anchored", ...args });
  }
}

/** The chain could not be reached, or refused a transaction for a reason we did not foresee: retry later. */
export class ChainUnavailableError extends ServiceError {
  constructor(args: Specific) {
    super({ code: "chain_unavailable", retryable: true, ...args });
  }
}

/**
 * One of the operator's keys cannot send what the request needs: it cannot pay the gas
 * (`relayer_insufficient_funds`), or lacks the registry role the call requires
 * (`relayer_missing_role`). The operator can fix either while the service runs: retry then.
 */
export class OperatorKeyError extends ServiceError {
  constructor(args: Specific & { code: "relayer_insufficient_funds" | "relayer_missing_role"; details: { account: string } & Record<string, unknown> }) {
    super({ retryable: true, ...args });
  }
}

/** The registry's contract is gone from the chain (a reset development chain): nothing can be verified against it. */
export class RegistryUnavailableError extends ServiceError {
  constructor(args: Specific) {
    super({ code: "registry_unavailable", retryable: true, ...args });
  }
}

/** A read replica (READ_ONLY=1) changes nothing: writes go to the primary. */
export class ReadOnlyError extends ServiceError {
  constructor() {
    super({ code: "read_only", message: "this service is a read replica (READ_ONLY=1): send writes to the primary service" });
  }
}
