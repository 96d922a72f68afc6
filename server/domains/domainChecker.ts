import { EventEmitter } from "node:events";
import type { Logger } from "pino";
import {
  checkPublisherStatement,
  domainToAscii,
  PUBLISHER_STATEMENT_MAX_BYTES,
  publisherStatementUrl,
  type Hex,
  type StatementOrigins,
} from "../../protocol";
import { ServiceError } from "../errors";
import type { ChainIndex, PublisherRow } from "../store/chainIndex";
import type { DomainCheckRow, DomainCheckStore } from "../store/domainChecks";
import { fetchStatement } from "./statementFetch";

export interface DomainCheckConfig {
  /** Domains (IDNA ASCII) whose statements another origin serves: tests, private networks. */
  origins: StatementOrigins;
  /** For one fetch, redirects included. */
  timeoutMs: number;
  /** How often every active publisher's domain is checked again; 0: never in the background. */
  intervalMs: number;
  /** Least time between two checks of one publisher that a client asks for. */
  requestCooldownMs: number;
}

/**
 * No origin mapped; a fetch may take 5 s (a newsroom's server answers a small static file in far
 * less); a round an hour, so that an updated file shows within the hour; a client's check of one
 * publisher at most every 30 s.
 */
export const DEFAULT_DOMAIN_CHECKS: DomainCheckConfig = { origins: new Map(), timeoutMs: 5_000, intervalMs: 3_600_000, requestCooldownMs: 30_000 };

/** Redirects a newsroom's server may answer before the file (to a CDN path, say), on the same origin. */
const MAX_REDIRECTS = 3;
/** Publishers checked at once in a round: a slow domain does not hold the others up. */
const ROUND_CONCURRENCY = 4;

/**
 * Checks publishers' domain statements (/.well-known/newsprov.json) and records the outcome: at
 * registration and rotation (PublisherService), on request, and in rounds every `intervalMs`.
 * Emits `checked` (publisher id, row) after each record, for metrics and tests.
 */
export class DomainChecker extends EventEmitter<{ checked: [DomainCheckRow] }> {
  private readonly running = new Map<string, Promise<DomainCheckRow>>();
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;

  constructor(
    private readonly deps: {
      store: DomainCheckStore;
      chainIndex: ChainIndex;
      chain: { chainId: bigint; address: Hex };
      config: DomainCheckConfig;
      logger: Logger;
    },
  ) {
    super();
  }

  /** Fetches and evaluates the publisher's statement now; two callers for one key share one fetch. */
  async check(publisher: PublisherRow): Promise<DomainCheckRow> {
    const id = `${publisher.id}:${publisher.key}:${publisher.domain}`;
    const running = this.running.get(id);
    if (running) return running;
    const done = this.fetchAndRecord(publisher).finally(() => this.running.delete(id));
    this.running.set(id, done);
    return done;
  }

  /**
   * A check a client asked for (`POST /v1/publishers/:address/domain-check`, open to anyone): each
   * one makes this service fetch from the newsroom's server, so one publisher's domain is fetched
   * at most once per cooldown however many clients ask, and this service cannot be turned into a
   * flood against a newsroom.
   */
  async checkOnRequest(publisher: PublisherRow): Promise<DomainCheckRow> {
    const last = this.deps.store.get(publisher.id);
    const wait = last && last.key === publisher.key ? last.checkedAt + this.deps.config.requestCooldownMs - Date.now() : 0;
    if (wait > 0) {
      const retryAfterSeconds = Math.ceil(wait / 1000);
      throw new ServiceError({
        code: "domain_check_too_soon",
        message: `this publisher's domain was checked at ${new Date(last!.checkedAt).toISOString()}: ask again in ${retryAfterSeconds} s`,
        details: { retryAfterSeconds },
        retryable: true,
      });
    }
    return this.check(publisher);
  }

  /** Checks, now and every intervalMs, each active publisher not checked for half an interval. */
  start(): void {
    const { intervalMs } = this.deps.config;
    if (intervalMs === 0) return;
    const tick = () => {
      this.round = this.checkDue(intervalMs / 2).finally(() => {
        if (!this.stopping.signal.aborted) this.timer = setTimeout(tick, intervalMs).unref();
      });
    };
    tick();
  }

  /** Stops the rounds and aborts the fetches under way, whose checks are then not recorded. */
  async stop(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.timer);
    await Promise.allSettled([this.round, ...this.running.values()]);
  }

  private async checkDue(olderThanMs: number): Promise<void> {
    const due = this.deps.chainIndex.publishers().filter((publisher) => {
      if (publisher.revokedAt !== null) return false;
      const last = this.deps.store.get(publisher.id);
      return !last || last.key !== publisher.key || last.domain !== publisher.domain || last.checkedAt <= Date.now() - olderThanMs;
    });
    const next = () => due.shift();
    const worker = async () => {
      for (let publisher = next(); publisher && !this.stopping.signal.aborted; publisher = next()) {
        await this.check(publisher).catch((error: unknown) => this.deps.logger.warn({ err: error, publisher: publisher!.id }, "a domain check failed"));
      }
    };
    await Promise.all(Array.from({ length: ROUND_CONCURRENCY }, worker));
  }

  private async fetchAndRecord(publisher: PublisherRow): Promise<DomainCheckRow> {
    const { config, chain, store } = this.deps;
    const url = publisherStatementUrl(publisher.domain, config.origins);
    const base = { publisherId: publisher.id, key: publisher.key, domain: publisher.domain, url: url ?? null };
    let verdict: Pick<DomainCheckRow, "status" | "reason">;
    if (url === undefined) {
      verdict = { status: "unreachable", reason: "the domain is not a domain name: there is no file to fetch" };
    } else {
      const scope = config.origins.has(domainToAscii(publisher.domain)!) ? "mapped" : "public";
      const limits = { timeoutMs: config.timeoutMs, maxBytes: PUBLISHER_STATEMENT_MAX_BYTES, maxRedirects: MAX_REDIRECTS };
      const fetched = await fetchStatement(url, scope, limits, this.stopping.signal);
      verdict = fetched.ok
        ? checkPublisherStatement(fetched.text, { chainId: chain.chainId, registry: chain.address, key: publisher.key })
        : { status: "unreachable", reason: fetched.reason };
    }
    const row: DomainCheckRow = { ...base, ...verdict, checkedAt: Date.now() };
    // A check cut short by the stop says nothing of the domain: the last real one stays.
    if (this.stopping.signal.aborted) return row;
    store.put(row);
    this.emit("checked", row);
    return row;
  }
}
