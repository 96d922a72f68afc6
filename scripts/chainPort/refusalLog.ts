import type { Logger } from "pino";
import type { ChainPortError } from "./errors";

/**
 * Warns of the first refusal of each kind (a reason, or the limit reached) and of no later one:
 * a hostile page can send refused requests as fast as it likes, and the log must not grow with
 * them. The line holds no part of the request (its body or the method it named), only its kind
 * and the client's address.
 */
export function refusalLog(logger: Logger): (error: ChainPortError, clientIp: string) => void {
  const logged = new Set<string>();
  return (error, clientIp) => {
    const kind = error.limit ?? error.reason;
    if (logged.has(kind)) return;
    logged.add(kind);
    logger.warn({ reason: error.reason, limit: error.limit, client: clientIp }, `the chain port refused a request (${kind}); it will not log more of this kind`);
  };
}
