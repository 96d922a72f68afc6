import { Router } from "express";
import type { AppDeps } from "../app";
import { articleIdentifierSchema, validate } from "../schemas";

export function receiptRoutes({ receipts }: Pick<AppDeps, "receipts">): Router {
  const router = Router();
  router.get("/v1/receipts/:cid", async (req, res) => {
    res.json(await receipts.receipt(validate(articleIdentifierSchema, req.params.cid, ["cid"], "invalid_identifier")));
  });
  return router;
}
