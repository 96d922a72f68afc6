import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { ServiceError } from "../errors";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Lets through requests bearing the admin token. Comparing fixed-length digests in constant time
 * tells an attacker nothing about how much of a guess was right.
 */
export function requireAdmin(adminToken: string | undefined): RequestHandler {
  const expected = adminToken === undefined ? undefined : digest(adminToken);
  return (req, _res, next) => {
    const match = /^Bearer (.+)$/.exec(req.get("authorization") ?? "");
    if (!expected || !match || !timingSafeEqual(digest(match[1]!), expected)) {
      next(new ServiceError({ code: "unauthorized", message: "this endpoint needs Authorization: Bearer <ADMIN_TOKEN>" }));
      return;
    }
    next();
  };
}
