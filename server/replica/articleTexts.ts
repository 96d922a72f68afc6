import { Mutex } from "async-mutex";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { z } from "zod";
import { boundedText, identifyArticle, NO_PREVIOUS, parseArticle, type ContentHash, type SignatureHex } from "../../protocol";
import type { PublicationSigner } from "../crypto/publicationSigner";
import type { Metrics } from "../metrics";
import type { ArticleStore, TextlessAnchor } from "../store/articles";
import { quotableChunks } from "../text/passageChunks";

/** The part of GET /v1/articles/:cid a replica takes: the text and its signature; the rest it knows from the chain. */
const sourceAnswerSchema = z.object({ article: z.unknown(), signature: z.string() });

/** An answer larger than this is refused, read no further; the largest article the API takes is a few MiB. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
const FETCHES_AT_ONCE = 8;
/** A text the source lacked or got wrong is asked for again after this, doubling up to an hour. */
const RETRY = { firstDelayMs: 60_000, maxDelayMs: 3_600_000 } as const;

export type TextOutcome = "stored" | "missing" | "refused" | "unreachable";

/**
 * Gives a read replica the texts of the versions its index holds, for GET /v1/articles, history
 * diffs and quotes: the chain has only their hashes. Each text comes from another service's
 * GET /v1/articles/:cid (ARTICLE_SOURCE, the primary by default) and is kept only if it hashes
 * to the anchored content hash and its signature recovers to the anchor's signer, so the source
 * is trusted for nothing: a text that does not match is refused, and asked for again later.
 */
export class ArticleTextFetcher {
  /** Index rows up to this one were each tried once. */
  private cursor = 0;
  private readonly retries = new Map<ContentHash, { anchor: TextlessAnchor; dueAt: number; delayMs: number }>();
  private readonly stopping = new AbortController();
  private readonly lock = new Mutex();
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: {
      /** The base URL of the service the texts come from. */
      source: string;
      articles: ArticleStore;
      signer: PublicationSigner;
      metrics: Pick<Metrics, "articleTexts">;
      pollMs: number;
      logger: Logger;
    },
  ) {}

  /** Fetches the texts of every version indexed since the last pass, and those due again; returns how many it stored. */
  async sync(): Promise<number> {
    return this.lock.runExclusive(() => this.pass());
  }

  private async pass(): Promise<number> {
    let stored = 0;
    const due = [...this.retries.values()].filter((retry) => retry.dueAt <= Date.now()).map((retry) => retry.anchor);
    stored += await this.fetchAll(due);
    for (;;) {
      const page = this.deps.articles.textless(this.cursor, 256);
      if (page.length === 0) return stored;
      stored += await this.fetchAll(page.filter((anchor) => !this.retries.has(anchor.contentHash)));
      this.cursor = page.at(-1)!.rowid;
    }
  }

  /** Follows the index in the background until stop(). */
  start(): void {
    this.running = (async () => {
      while (!this.stopping.signal.aborted) {
        try {
          await this.sync();
        } catch (error) {
          this.deps.logger.warn({ err: error }, "the replica could not fetch article texts; retrying");
        }
        await sleep(this.deps.pollMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async fetchAll(anchors: TextlessAnchor[]): Promise<number> {
    let stored = 0;
    for (let i = 0; i < anchors.length && !this.stopping.signal.aborted; i += FETCHES_AT_ONCE) {
      const outcomes = await Promise.all(anchors.slice(i, i + FETCHES_AT_ONCE).map((anchor) => this.fetchOne(anchor)));
      stored += outcomes.filter((outcome) => outcome === "stored").length;
    }
    return stored;
  }

  private async fetchOne(anchor: TextlessAnchor): Promise<TextOutcome> {
    const outcome = await this.fetchText(anchor).catch((error: unknown) => {
      this.deps.logger.warn({ err: error, cid: anchor.cid }, "the article source did not answer");
      return "unreachable" as const;
    });
    this.deps.metrics.articleTexts.inc({ outcome });
    if (outcome === "stored") {
      this.retries.delete(anchor.contentHash);
    } else {
      const delayMs = Math.min(2 * (this.retries.get(anchor.contentHash)?.delayMs ?? RETRY.firstDelayMs / 2), RETRY.maxDelayMs);
      this.retries.set(anchor.contentHash, { anchor, dueAt: Date.now() + delayMs, delayMs });
    }
    return outcome;
  }

  private async fetchText(anchor: TextlessAnchor): Promise<TextOutcome> {
    const url = `${this.deps.source}/v1/articles/${anchor.cid}`;
    const response = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.any([AbortSignal.timeout(30_000), this.stopping.signal]) });
    if (response.status === 404) return "missing";
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    const body = await boundedText(response, MAX_ANSWER_BYTES);
    if (body === undefined) return this.refuse(anchor, "the answer is larger than any article");
    const answer = sourceAnswerSchema.safeParse(parseJson(body));
    if (!answer.success) return this.refuse(anchor, "the answer is not an article and its signature");
    const parsed = parseArticle(answer.data.article);
    if (!parsed.success) return this.refuse(anchor, "the text is not a valid article");
    const { contentHash, cid } = await identifyArticle(parsed.article);
    if (contentHash !== anchor.contentHash) return this.refuse(anchor, `the text hashes to ${contentHash}, not to the anchored ${anchor.contentHash}`);
    const signature = answer.data.signature as SignatureHex;
    const previous = anchor.previous ?? NO_PREVIOUS;
    if (this.deps.signer.recover({ contentHash, previous }, signature) !== anchor.signer) {
      return this.refuse(anchor, `its signature is not that of the anchor's signer ${anchor.signer}`);
    }
    this.deps.articles.save(
      { contentHash, cid, article: parsed.article, signature, publisher: anchor.signer, previous: anchor.previous },
      quotableChunks(parsed.article),
    );
    return "stored";
  }

  private refuse(anchor: TextlessAnchor, reason: string): TextOutcome {
    this.deps.logger.warn({ cid: anchor.cid, reason }, "refused a text from the article source");
    return "refused";
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
