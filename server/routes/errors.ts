import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "pino";
import { NotFoundError, ServiceError } from "../errors";

/** Any route no router answered: a JSON 404, never Express's HTML page. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new NotFoundError({ message: `no route for ${req.method} ${req.path}` }));
};

// Errors raised by body-parser before our routes run, by their `type`.
const BODY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  "entity.parse.failed": { status: 400, code: "malformed_json", message: "the request body is not valid JSON" },
  "entity.too.large": { status: 413, code: "payload_too_large", message: "the request body is too large" },
  "encoding.unsupported": { status: 415, code: "unsupported_encoding", message: "the request body's encoding is not supported" },
  "charset.unsupported": { status: 415, code: "unsupported_charset", message: "the request body must be UTF-8" },
  "request.aborted": { status: 400, code: "request_aborted", message: "the request was aborted" },
  "request.size.invalid": { status: 400, code: "invalid_content_length", message: "the request body does not match its length" },
};

/** The one place errors become HTTP responses: `{ error: { code, message, details? } }`. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const bodyError = typeof error?.type === "string" ? BODY_ERRORS[error.type] : undefined;
    if (bodyError) {
      res.status(bodyError.status).json({ error: { code: bodyError.code, message: bodyError.message } });
      return;
    }
    if (error instanceof ServiceError) {
      if (error.status >= 500) logger.error({ err: error, method: req.method, path: req.path }, error.message);
      res.status(error.status).json({ error: { code: error.code, message: error.message, details: error.details } });
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, "unhandled error");
    res.status(500).json({ error: { code: "internal_error", message: "the service failed to handle this request" } });
  };
}
