import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";
import type { Logger, SerializedRequest, SerializedResponse } from "pino";
import { pinoHttp } from "pino-http";

const REQUEST_ID_HEADER = "X-Request-Id";

/** Probes and scrapes come every few seconds and would drown the requests that matter. */
const UNLOGGED_PATHS = new Set(["/healthz", "/livez", "/metrics"]);

/** An id a caller may choose (a proxy's or a client's): short, and safe to echo in a header and a log. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers["x-request-id"];
  return typeof incoming === "string" && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Gives each request an id (the caller's X-Request-Id when it is a safe token), echoes it in the
 * X-Request-Id response header, and logs one JSON line per answered request. The log names the
 * request, never its body or its credentials: an article's text and the admin token stay out.
 */
export function requestLogging(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = requestIdOf(req);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    serializers: {
      req: (req: SerializedRequest) => ({
        id: req.id,
        method: req.method,
        url: req.url,
        remoteAddress: req.remoteAddress,
        userAgent: req.headers["user-agent"],
        authorization: req.headers.authorization === undefined ? undefined : "[redacted]",
      }),
      res: (res: SerializedResponse) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req) => UNLOGGED_PATHS.has(req.url ?? "") },
  });
}
