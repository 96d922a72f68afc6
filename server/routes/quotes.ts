import { Router } from "express";
import type { AppDeps } from "../app";
import { quoteRequestSchema, validate } from "../schemas";

export function quoteRoutes({ quotes }: Pick<AppDeps, "quotes">): Router {
  const router = Router();
  router.post("/v1/verify/quote", async (req, res) => {
    const { text } = validate(quoteRequestSchema, req.body);
    res.json(await quotes.verify(text));
  });
  return router;
}
