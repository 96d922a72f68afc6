import { formatEther } from "ethers";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * The service's Prometheus metrics. Each service has its own registry, so that several instances
 * (tests start many) never count into each other's metrics.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Publication requests by outcome: `anchored`, `pending` (queued for a batch), or the error code. */
  readonly publishes: Counter<"outcome">;
  /** Verification requests (by CID or by content) by outcome: the record's status, or the error code. */
  readonly verifications: Counter<"outcome">;
  /** HTTP latency by method, route pattern (never the raw URL) and status code. */
  readonly requestDuration: Histogram<"method" | "route" | "status">;
  /** Articles per anchoring transaction: observed by the batch anchoring. */
  readonly batchSize: Histogram;
  /** Attempts to anchor a batch again, with the same root, after the chain refused it or could not be reached. */
  readonly batchRetries: Counter;
  /** Failures to reach the chain or have it accept a transaction, by what the service was doing. */
  readonly chainErrors: Counter<"operation">;
  /** Relayer transactions sent again while unmined: `dropped` (the same bytes) or `stuck` (replaced with higher fees). */
  readonly relayerResends: Counter<"reason">;
  /** Checks of publishers' domain statements, by outcome: confirmed, not_listed, unreachable. */
  readonly domainChecks: Counter<"status">;
  /** Texts a read replica fetched from its article source, by outcome: stored, missing, refused, unreachable. */
  readonly articleTexts: Counter<"outcome">;
}

/** What the metrics read on each scrape. */
export interface MetricsSource {
  /** The relayer's balance in wei; a read replica has no relayer. */
  relayerBalance?: () => Promise<bigint>;
}

const PREFIX = "provenance_";

export function createMetrics(source: MetricsSource): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const chainErrors = new Counter({
    name: `${PREFIX}chain_errors_total`,
    help: "Failures to reach the chain or have it accept a transaction, by operation.",
    labelNames: ["operation"] as const,
    registers,
  });
  const { relayerBalance } = source;
  if (relayerBalance) {
    new Gauge({
      name: `${PREFIX}relayer_balance_ether`,
      help: "The relayer's balance in the chain's native currency, read on each scrape; NaN when the chain cannot be read.",
      registers,
      async collect() {
        try {
          this.set(Number(formatEther(await relayerBalance())));
        } catch {
          // An old balance would look current: report it as unknown and count the failure.
          chainErrors.inc({ operation: "relayer_balance" });
          this.set(Number.NaN);
        }
      },
    });
  }
  return {
    registry,
    publishes: new Counter({
      name: `${PREFIX}publishes_total`,
      help: "Publication requests by outcome: anchored, pending (queued for a batch), or the error code.",
      labelNames: ["outcome"] as const,
      registers,
    }),
    verifications: new Counter({
      name: `${PREFIX}verifications_total`,
      help: "Verification requests by outcome: the provenance status, or the error code.",
      labelNames: ["outcome"] as const,
      registers,
    }),
    requestDuration: new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: "HTTP request latency by method, route pattern and status code.",
      labelNames: ["method", "route", "status"] as const,
      // Up to a minute: a publication waits for its transaction to be mined and confirmed.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    batchSize: new Histogram({
      name: `${PREFIX}batch_size`,
      help: "Articles anchored per batch transaction.",
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096, 16384, 65536],
      registers,
    }),
    batchRetries: new Counter({
      name: `${PREFIX}batch_retries_total`,
      help: "Attempts to anchor a batch again, with the same root and leaves, after the chain refused it or could not be reached.",
      registers,
    }),
    chainErrors,
    relayerResends: new Counter({
      name: `${PREFIX}relayer_resends_total`,
      help: "Relayer transactions sent again while unmined, by reason: dropped (the same bytes) or stuck (replaced with higher fees).",
      labelNames: ["reason"] as const,
      registers,
    }),
    domainChecks: new Counter({
      name: `${PREFIX}domain_checks_total`,
      help: "Checks of publishers' domain statements (/.well-known/newsprov.json), by outcome: confirmed, not_listed, unreachable.",
      labelNames: ["status"] as const,
      registers,
    }),
    articleTexts: new Counter({
      name: `${PREFIX}replica_article_texts_total`,
      help: "Article texts a read replica fetched from its article source, by outcome: stored, missing, refused, unreachable.",
      labelNames: ["outcome"] as const,
      registers,
    }),
  };
}
