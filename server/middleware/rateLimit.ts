import type { RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import type { Logger } from "pino";
import { ServiceError } from "../errors";

/**
 * Caps the POST requests of each client (IP address, IPv6 by /56) to `perMinute` in each one-minute
 * window; 0 turns the cap off. Every POST costs real work: a body of up to MAX_BODY_BYTES to parse
 * and hash, and for writes, calls to the chain and the relayer's gas. GET answers come from the
 * index and stay unlimited. The counts live in this process's memory.
 */
export function writeRateLimit(perMinute: number, logger: Logger): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    skip: (req) => req.method !== "POST",
    standardHeaders: "draft-8",
    legacyHeaders: false,
    logger,
    handler: (_req, _res, next) => {
      next(new ServiceError({ code: "rate_limited", message: `too many requests: at most ${perMinute} POST requests a minute from one client` }));
    },
  });
}
