import { Router } from "express";
import { batchListQuerySchema, batchRootSchema } from "../../protocol";
import type { BatchService } from "../services/batches";
import { validate } from "./validate";

export function batchRoutes(batches: BatchService): Router {
  const router = Router();
  router.get("/v1/batches", (req, res) => {
    const { after, limit } = validate(batchListQuerySchema, req.query);
    res.json(batches.list(after, limit));
  });
  router.get("/v1/batches/:root", (req, res) => {
    const root = validate(batchRootSchema, req.params.root, ["root"]);
    // A root names its leaves once and for all: caches may keep the file for good.
    res.set("Cache-Control", "public, max-age=31536000, immutable").type("application/json").send(batches.file(root));
  });
  return router;
}
