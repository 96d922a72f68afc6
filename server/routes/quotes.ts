import { Router } from "express";
import { quoteRequestSchema } from "../../protocol";
import type { QuoteService } from "../services/quotes";
import { validate } from "./validate";

export function quoteRoutes(quotes: QuoteService): Router {
  const router = Router();
  router.post("/v1/verify/quote", async (req, res) => {
    const { text } = validate(quoteRequestSchema, req.body);
    res.json(await quotes.verify(text));
  });
  return router;
}
