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
      const blockNumber = await chain.blockNumber();
      res.json({ status: "ok", ...identity, blockNumber, indexedBlock: indexer.indexedBlock() });
    } catch {
      res.status(503).json({ status: "unavailable", ...identity, blockNumber: null, reason: "the chain is not reachable" });
    }
  });
  return router;
}
