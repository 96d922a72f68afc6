import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import iconv from "iconv-lite";
import { DuplicateKeyError, findDuplicateKey } from "../../protocol";
import { InvalidRequestError, ServiceError } from "../errors";

/** Bodies must be declared as JSON: anything else is refused before it is parsed. */
export const requireJson: RequestHandler = (req, _res, next) => {
  // A bare POST (…/revocation) may carry no body at all, or an empty one with Content-Length: 0.
  const empty = req.get("content-length") === "0" || req.is("application/json") === null;
  if (!empty && !req.is("application/json")) {
    next(new ServiceError({ code: "unsupported_media_type", message: "send the body as application/json" }));
    return;
  }
  next();
};

/**
 * express.json's `verify` hook: a body that repeats a member name, at any depth, is refused with
 * `duplicate_key` before it is parsed. JSON.parse would keep the last value, and a client whose
 * parser keeps the first would have meant another article (protocol v1, section 1).
 */
export function refuseDuplicateKeys(_req: IncomingMessage, _res: ServerResponse, body: Buffer, encoding: string): void {
  // Decoded as body-parser decodes it (iconv-lite): Buffer knows no UTF-7 or UTF-32, which a body may declare.
  const duplicate = findDuplicateKey(iconv.decode(body, encoding));
  if (!duplicate) return;
  const { message } = new DuplicateKeyError(duplicate);
  throw new InvalidRequestError({
    code: "duplicate_key",
    message: "the request body repeats a member name",
    details: { issues: [{ path: duplicate.path, message, rule: "duplicate_key" }] },
  });
}
