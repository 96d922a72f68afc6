import express, { type ErrorRequestHandler, type Request, type RequestHandler } from "express";
import type { Logger } from "pino";
import type { Dispatch } from "./dispatch";
import { BodyTooLargeError, ChainPortError, InvalidRequestError, ParseError, UnsupportedMediaTypeError, type RefusalReason } from "./errors";
import { jsonOnly, knownHostOnly, postOnly } from "./httpGuards";
import { errorResponse } from "./jsonRpc";
import { INTERNAL_ERROR_OBJECT } from "./providerError";

/**
 * The HTTP status of each refusal. JSON-RPC's own errors travel in a 200, as Hardhat's server
 * sends them and as clients expect; what a browser or the transport got wrong gets its HTTP status.
 */
const HTTP_STATUS: Record<RefusalReason, number> = {
  host_not_allowed: 403,
  http_method_not_allowed: 405,
  unsupported_media_type: 415,
  body_too_large: 413,
  parse_error: 200,
  invalid_request: 200,
  invalid_params: 200,
  method_not_available: 200,
  limit_exceeded: 200,
};

export interface ChainPortAppDeps {
  dispatch: Dispatch;
  /** Host header values accepted, "hostname:port". */
  allowedHosts: readonly string[];
  maxBodyBytes: number;
  onRefusal(error: ChainPortError, clientIp: string): void;
  logger: Logger;
}

/** The socket's address: the port trusts no header to say who the client is. */
const clientIp = (req: Request) => req.socket.remoteAddress ?? "unknown";

/**
 * The chain port's HTTP layer: JSON-RPC in JSON bodies POSTed to a Host it answers to, and
 * nothing else. It sends no CORS header on any answer, so that a page of another origin can
 * neither read an answer nor send a JSON body (which needs a preflight it does not pass). Every
 * answer is JSON, a refusal included.
 */
export function chainPortApp({ dispatch, allowedHosts, maxBodyBytes, onRefusal, logger }: ChainPortAppDeps): express.Express {
  const answer: RequestHandler = async (req, res) => {
    res.json(await dispatch(req.body, clientIp(req)));
  };
  const refuse: ErrorRequestHandler = (error, req, res, _next) => {
    const refusal = error instanceof ChainPortError ? error : bodyParserRefusal(error, req, maxBodyBytes);
    if (!refusal) {
      logger.error({ err: error }, "the chain port failed to answer a request");
      res.status(500).json(errorResponse(null, INTERNAL_ERROR_OBJECT));
      return;
    }
    onRefusal(refusal, clientIp(req));
    res.status(HTTP_STATUS[refusal.reason]).json(errorResponse(null, refusal.toJsonRpc()));
  };

  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  app.use(knownHostOnly(allowedHosts), postOnly, jsonOnly);
  // Compressed bodies are refused (inflate: false): the size limit then bounds what is parsed.
  app.use(express.json({ limit: maxBodyBytes, strict: false, type: () => true, inflate: false }));
  app.use(answer);
  app.use(refuse);
  return app;
}

/** The refusal behind an error of Express's body parser (its `type` names it), or undefined for a bug. */
function bodyParserRefusal(error: unknown, req: Request, maxBodyBytes: number): ChainPortError | undefined {
  switch ((error as { type?: unknown } | null)?.type) {
    case "entity.too.large":
      return new BodyTooLargeError({ maxBodyBytes, cause: error });
    case "entity.parse.failed":
      return new ParseError({ message: (error as Error).message, cause: error });
    case "charset.unsupported":
    case "encoding.unsupported":
      return new UnsupportedMediaTypeError({ contentType: req.headers["content-type"], cause: error });
    case "request.aborted":
    case "request.size.invalid":
      return new InvalidRequestError({ message: "the body could not be read whole" });
    default:
      return undefined;
  }
}
