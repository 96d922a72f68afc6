import { Router } from "express";
import type { AppDeps } from "../app";

export function healthRoutes({ chain, indexer }: Pick<AppDeps, "chain" | "indexer">): Router {
  const router = Router();
  // Liveness: the process answers, without asking the chain (also the benchmarks' hello-world route).
  router.get("/livez", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/healthz", async (_req, res) => {
    const identity = { chainId: Number(chain.chainId), registry: chain.address };
    try {
      const progress = { ...identity, blockNumber: await chain.blockNumber(), indexedBlock: indexer.indexedBlock() };
      const missing = indexer.registryMissing();
      // The chain answers but no longer holds the registry (a reset chain): nothing can be verified.
      if (missing) res.status(503).json({ status: "registry_missing", ...progress, reason: missing });
      else res.json({ status: "ok", ...progress });
    } catch {
      res.status(503).json({ status: "unavailable", ...identity, blockNumber: null, reason: "the chain is not reachable" });
    }
  });
  return router;
}
