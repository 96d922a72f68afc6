import { Router } from "express";
import type { HealthService } from "../services/health";

export function healthRoutes(health: HealthService): Router {
  const router = Router();
  // Liveness: the process answers, without asking the chain (also the benchmarks' hello-world route).
  router.get("/livez", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/healthz", async (_req, res) => {
    const status = await health.status();
    res.status(status.status === "ok" ? 200 : 503).json(status);
  });
  return router;
}
