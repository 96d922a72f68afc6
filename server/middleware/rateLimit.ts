import type { Request, RequestHandler, Response } from "express";
import { MemoryStore, rateLimit } from "express-rate-limit";
import type { Logger } from "pino";
import { ServiceError, type ErrorCode } from "../errors";

/**
 * The write budget of each client (IP address, IPv6 by /56): `perMinute` units in each one-minute
 * window, one per POST request and one per item of a bulk request refused for its signer or its
 * signature. 0 turns it off. Every POST costs real work: a body of up to MAX_BODY_BYTES to parse
 * and hash, and for writes, calls to the chain and the relayer's gas. GET answers come from the
 * index and stay unlimited. The counts live in this process's memory.
 */
export interface WriteBudget {
  /** Refuses a POST over the budget (429 `rate_limited`); counts one unit for the others. */
  limiter: RequestHandler;
  /**
   * Runs the work of a bulk request of `items` items once the client's budget can take it, then
   * charges the items it reports refused for their signer. A stranger's items cost a signature
   * recovery each before they are refused: counted one request, a bulk of 1,000 would cost half a
   * second of a core. Requests of one client run side by side while their items fit in what is
   * left of the budget; one that does not fit waits for those in flight, then runs alone if the
   * budget is not spent. So a client's refused items in a window stay under the budget plus one
   * request's items, however many requests it sends at once.
   */
  spend<T>(req: Request, res: Response, items: number, work: () => Promise<{ answer: T; refused: number }>): Promise<T>;
}

/** The refusals a signature recovery earns a stranger: what the budget charges a bulk request's items for. */
export const SIGNER_REFUSALS: ReadonlySet<ErrorCode> = new Set(["invalid_signature", "publisher_not_active", "publisher_revoked"]);

const WINDOW_MS = 60_000;

export function writeBudget(perMinute: number, logger: Logger): WriteBudget {
  if (perMinute === 0) return { limiter: (_req, _res, next) => next(), spend: async (_req, _res, _items, work) => (await work()).answer };
  const store = new MemoryStore();
  const refusal = () =>
    new ServiceError({ code: "rate_limited", message: `too many requests: at most ${perMinute} POST requests (or refused items) a minute from one client` });
  /** The refusal of a request that waited while the budget was spent; the limiter sets Retry-After itself. */
  const spent = (res: Response, resetTime: Date | undefined) => {
    res.set("Retry-After", String(Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + WINDOW_MS) - Date.now()) / 1000))));
    return refusal();
  };
  const limiter = rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    store,
    skip: (req) => req.method !== "POST",
    standardHeaders: "draft-8",
    legacyHeaders: false,
    logger,
    handler: (_req, _res, next) => next(refusal()),
  });
  /** Per client: the items of its bulk requests in flight, and the requests waiting for them to end. */
  const clients = new Map<string, { items: number; waiting: (() => void)[] }>();
  const forget = (key: string, client: { items: number; waiting: unknown[] }) => {
    if (client.items === 0 && client.waiting.length === 0) clients.delete(key);
  };
  return {
    limiter,
    spend: async (req, res, items, work) => {
      const { key } = (req as Request & { rateLimit: { key: string } }).rateLimit;
      let client = clients.get(key);
      if (!client) clients.set(key, (client = { items: 0, waiting: [] }));
      for (;;) {
        const used = (await store.get(key))?.totalHits ?? 0;
        if (used > perMinute) {
          forget(key, client);
          throw spent(res, (await store.get(key))?.resetTime);
        }
        if (client.items === 0 || used + client.items + items <= perMinute) break;
        await new Promise<void>((resolve) => client.waiting.push(resolve));
      }
      client.items += items;
      try {
        const { answer, refused } = await work();
        for (let i = 0; i < refused; i++) await store.increment(key);
        return answer;
      } finally {
        client.items -= items;
        const woken = client.waiting.splice(0);
        // The woken look again at the same entry: it stays while they do.
        if (woken.length === 0) forget(key, client);
        for (const wake of woken) wake();
      }
    },
  };
}
