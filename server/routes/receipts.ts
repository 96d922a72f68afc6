import { Router } from "express";
import { articleIdentifierSchema } from "../../protocol";
import type { ReceiptService } from "../services/receipts";
import { validate } from "./validate";

export function receiptRoutes(receipts: ReceiptService): Router {
  const router = Router();
  router.get("/v1/receipts/:cid", async (req, res) => {
    res.json(await receipts.receipt(validate(articleIdentifierSchema, req.params.cid, ["cid"], "invalid_identifier")));
  });
  return router;
}
