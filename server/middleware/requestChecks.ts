import { isUtf8 } from "node:buffer";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
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
 * express.json's `verify` hook: what the body's bytes must be before they are decoded and parsed.
 *
 * - UTF-8 and nothing else (415 `unsupported_charset`). body-parser would decode any `utf-*`
 *   charset (UTF-7, UTF-16LE…), so one text would have several byte forms: the declared charset
 *   is body-parser's own reading of `Content-Type` (lower case, `utf-8` when none is given).
 * - Valid UTF-8 (400 `invalid_utf8`). Decoding would turn an invalid byte into U+FFFD, and two
 *   different bodies would hash alike: the collision for which lone surrogates are refused.
 * - No member name twice in one object, at any depth (400 `duplicate_key`). JSON.parse would keep
 *   the last value, and a client whose parser keeps the first would have meant another article
 *   (protocol v1, section 1).
 */
export function checkBody(_req: IncomingMessage, _res: ServerResponse, body: Buffer, encoding: string): void {
  if (encoding !== "utf-8") {
    throw new ServiceError({ code: "unsupported_charset", message: "the request body must be UTF-8", details: { charset: encoding } });
  }
  if (!isUtf8(body)) throw new InvalidRequestError({ code: "invalid_utf8", message: "the request body is not valid UTF-8" });
  const duplicate = findDuplicateKey(body.toString("utf8"));
  if (!duplicate) return;
  const { message } = new DuplicateKeyError(duplicate);
  throw new InvalidRequestError({
    code: "duplicate_key",
    message: "the request body repeats a member name",
    details: { issues: [{ path: duplicate.path, message, rule: "duplicate_key" }] },
  });
}
