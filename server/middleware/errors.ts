import type { ErrorRequestHandler, Request, RequestHandler } from "express";
import type { ErrorBody } from "../../protocol";
import { NotFoundError, ServiceError, type ErrorCode } from "../errors";
import type { Metrics } from "../metrics";
import { ERROR_STATUS } from "./errorStatus";

/** Any route no router answered: a JSON 404, never Express's HTML page. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new NotFoundError({ message: `no route for ${req.method} ${req.path}` }));
};

// Errors raised by body-parser before our routes run, by their `type`.
const BODY_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  "entity.parse.failed": { code: "malformed_json", message: "the request body is not valid JSON" },
  "entity.too.large": { code: "payload_too_large", message: "the request body is too large" },
  "encoding.unsupported": { code: "unsupported_encoding", message: "the request body's encoding is not supported" },
  "charset.unsupported": { code: "unsupported_charset", message: "the request body must be UTF-8" },
  "request.aborted": { code: "request_aborted", message: "the request was aborted" },
  "request.size.invalid": { code: "invalid_content_length", message: "the request body does not match its length" },
};

/** The router could not percent-decode a path parameter, e.g. `/v1/verify/%E0%A4%A`. */
const MALFORMED_URL = { code: "malformed_url", message: "the URL's percent-encoding is not valid UTF-8" } as const;

const INTERNAL_ERROR = { code: "internal_error", message: "the service failed to handle this request" } as const;

/**
 * The one place errors become HTTP responses: `{ error: { code, message, details?, requestId } }`.
 * The request id (also in the X-Request-Id header and on every log line) ties a caller's report
 * to the logs.
 */
export function errorHandler(metrics: Pick<Metrics, "chainErrors">): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const { status, body } = errorAnswer(error, req, metrics);
    res.locals.outcome = body.code;
    // An error that says when to come back (domain_check_too_soon) says it as HTTP does too.
    const retryAfter = body.details?.retryAfterSeconds;
    if (typeof retryAfter === "number") res.set("Retry-After", String(retryAfter));
    res.status(status).json({ error: body });
  };
}

/** What a failed request (or one item of a bulk request) answers; server faults are logged and counted. */
export function errorAnswer(error: unknown, req: Request, metrics: Pick<Metrics, "chainErrors">): { status: number; body: ErrorBody } {
  const { code, message, details } = errorOf(error);
  const status = ERROR_STATUS[code];
  if (status >= 500) req.log.error({ err: error }, code === "internal_error" ? "unhandled error" : message);
  if (code === "chain_unavailable") metrics.chainErrors.inc({ operation: "http" });
  return { status, body: { code, message, details, requestId: String(req.id) } };
}

function errorOf(error: unknown): { code: ErrorCode; message: string; details?: Record<string, unknown> | undefined } {
  const type = (error as { type?: unknown } | undefined)?.type;
  const bodyError = typeof type === "string" ? BODY_ERRORS[type] : undefined;
  if (bodyError) return bodyError;
  if (error instanceof ServiceError) return { code: error.code, message: error.message, details: error.details };
  // Only the router decodes URLs: our own code never calls decodeURIComponent.
  if (error instanceof URIError) return MALFORMED_URL;
  return INTERNAL_ERROR;
}
