import { Router } from "express";
import { ReadOnlyError } from "../errors";

/**
 * The routes that send a transaction: a read replica (READ_ONLY=1) refuses each of them with 403
 * read_only, whatever the request holds. Every other POST only reads (verify, hash, quotes) or
 * asks for a domain check. test/server/replica.test.ts holds this list to the API's operations.
 */
export const WRITE_ROUTES = [
  "/v1/articles",
  "/v1/articles/bulk",
  "/v1/articles/:cid/retraction",
  "/v1/publishers",
  "/v1/publishers/:address/revocation",
  "/v1/publishers/:address/rotation",
] as const;

export function refuseWrites(): Router {
  const router = Router();
  for (const route of WRITE_ROUTES) {
    router.post(route, () => {
      throw new ReadOnlyError();
    });
  }
  return router;
}
