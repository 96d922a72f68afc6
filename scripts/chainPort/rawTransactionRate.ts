import { ipKeyGenerator } from "express-rate-limit";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { LimitExceededError } from "./errors";

/**
 * Counts each client's eth_sendRawTransaction calls, each call of a batch on its own, in one-minute
 * windows; past `perMinute`, it throws. A client is its IP address, an IPv6 one by its /56 as the
 * service counts them (server/middleware/rateLimit.ts): one host holds a whole /64. The counts live in
 * this process's memory, as the port does.
 */
export function rawTransactionCounter(perMinute: number): (clientIp: string) => Promise<void> {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return async (clientIp) => {
    try {
      await limiter.consume(ipKeyGenerator(clientIp));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = Math.ceil(rejection.msBeforeNext / 1000);
      throw new LimitExceededError({
        limit: "rawTransactionsPerMinute",
        message: `more than the port's rawTransactionsPerMinute of ${perMinute} eth_sendRawTransaction calls from this client in a minute: retry in ${seconds} s`,
      });
    }
  };
}
