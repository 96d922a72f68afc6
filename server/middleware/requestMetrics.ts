import type { Request, RequestHandler, Response } from "express";
import type { Counter } from "prom-client";
import type { Metrics } from "../metrics";

declare global {
  namespace Express {
    interface Locals {
      /** What a counted request came to: set by its route, or by the error handler to the error code. */
      outcome?: string;
    }
  }
}

/**
 * The route pattern that answered (`/v1/verify/:id`), so that a label never holds a raw URL.
 * Our routers are all mounted at the root, where the mount path (`baseUrl`) is empty.
 */
const routeOf = (req: Request) => (req.route ? `${req.baseUrl}${req.route.path as string}` : "unmatched");

/** The status code sent, or "aborted" when the client left before the answer was complete. */
const statusOf = (res: Response) => (res.writableFinished ? String(res.statusCode) : "aborted");

/** Times every request; registered first, so it also sees requests refused before routing. */
export function observeRequests({ requestDuration }: Pick<Metrics, "requestDuration">): RequestHandler {
  return (req, res, next) => {
    const stop = requestDuration.startTimer();
    res.once("close", () => stop({ method: req.method, route: routeOf(req), status: statusOf(res) }));
    next();
  };
}

/** Counts a route's requests by `res.locals.outcome`, once answered. */
export function countOutcome(counter: Counter<"outcome">): RequestHandler {
  return (_req, res, next) => {
    res.once("close", () => counter.inc({ outcome: res.locals.outcome ?? statusOf(res) }));
    next();
  };
}
