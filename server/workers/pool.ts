import path from "node:path";
import { Piscina } from "piscina";
import { ServiceError } from "../errors";
import type { ProtocolDomain } from "../protocol";
import { preparePublications, type PreparationItem, type PreparationResult, type PreparationTask, type PreparedPublication } from "./preparePublication";

/** Items per message to a worker: enough to make the round trip cheap, few enough to spread a bulk request over every thread. */
const ITEMS_PER_TASK = 32;

/**
 * Prepares publications (normalize, hash, recover the signer) on worker threads, so that a busy
 * service uses more than one core: the event loop keeps what must be serial (the database, the
 * batch queue, the relayer's transactions, the HTTP answers), and the per-article CPU work, most of
 * it signature recovery, runs beside it. With no threads it runs on the event loop.
 */
export class PreparationPool {
  private readonly piscina: Piscina<PreparationTask, PreparationResult[]> | undefined;

  constructor(
    private readonly domain: ProtocolDomain,
    threads: number,
  ) {
    if (threads > 0) {
      this.piscina = new Piscina({ filename: path.join(__dirname, "preparePublication.worker.js"), minThreads: threads, maxThreads: threads });
    }
  }

  /** One result per item, in order: the prepared publication, or the ServiceError it earned. */
  async prepare(items: PreparationItem[]): Promise<(PreparedPublication | ServiceError)[]> {
    const tasks: PreparationTask[] = [];
    // Only the fields preparation reads cross to the thread: every byte sent is copied.
    const sent = items.map(({ article, signature, previous }) => ({ article, signature, previous }));
    for (let i = 0; i < sent.length; i += ITEMS_PER_TASK) tasks.push({ domain: this.domain, items: sent.slice(i, i + ITEMS_PER_TASK) });
    const results = await Promise.all(tasks.map((task) => (this.piscina ? this.piscina.run(task) : preparePublications(task))));
    return results.flat().map((result) => (result.ok ? result.prepared : new ServiceError(result.error)));
  }

  async close(): Promise<void> {
    await this.piscina?.destroy();
  }
}
