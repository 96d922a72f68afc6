import path from "node:path";
import type { BaseWallet } from "ethers";
import { Piscina } from "piscina";
import { buildBatchTree } from "../crypto/batchTree";
import { messageSigner } from "../crypto/messageSigner";
import { ServiceError } from "../errors";
import { closestPassage, type ClosestFound, type ClosestTask } from "../text/closestPassage";
import { serializedVersionDiff, type SerializedDiff } from "../text/versionDiff";
import type { BatchLeaf, BatchTree, MessageSigner, ProtocolDomain } from "../../protocol";
import type { PreparationWorkerData } from "./preparationWorker";
import { preparePublications, type PreparationItem, type PreparationResult, type PreparationTask, type PreparedPublication } from "./preparePublication";

/** Items per message to a worker: enough to make the round trip cheap, few enough to spread a bulk request over every thread. */
const ITEMS_PER_TASK = 32;

/**
 * A worker's young generation, in MB: 64 MB semi-spaces instead of V8's 16. With the default, the
 * articles of a bulk request outlived their scavenges and were promoted, then marked: V8's GC
 * helper threads took about half a core under bulk load. The event loop keeps the default: there,
 * longer scavenges raised the p99 latency of verify by 4 to 5 ms for no gain in throughput.
 */
const YOUNG_GENERATION_MB = 3 * 64;

/**
 * How a thread waits for its next task: through its event loop, not piscina's default Atomics.wait,
 * which blocks the thread until the next task and so never lets its event loop turn, busy or idle.
 * Node-API frees a native object (each native keccak hash: its state and its reference, about
 * 320 bytes; three or more of them per article) in a callback it queues on the event loop once the
 * GC has collected the JS object: with Atomics.wait those callbacks never ran, and the threads'
 * malloc arenas grew by about 2.7 KB per article published, for good (`BENCH_ONLY=scale npm run
 * bench`: 1.9 GB at 300,000 articles). A message per task costs nothing next to 32 signatures.
 */
const ATOMICS = "disabled";

/**
 * Prepares publications (normalize, hash, recover the signer, sign the pending receipt) on worker
 * threads, so that a busy service uses more than one core: the event loop keeps what must be
 * serial (the database, the batch queue, the relayer's transactions, the HTTP answers), and the
 * per-article CPU work, most of it signatures, runs beside it, as does the hashing of each batch's
 * Merkle tree, and what a reader's request may cost in text work (diffs between versions, quote
 * alignments): bounded, but too long for the event loop, where every other request waits behind
 * it. With no threads it runs on the event loop.
 */
export class PreparationPool {
  private readonly piscina: Piscina | undefined;
  private readonly relayer: MessageSigner | undefined;

  constructor(
    private readonly domain: ProtocolDomain,
    threads: number,
    /** Signs pending receipts; none on a read replica, which prepares no publication. */
    relayer: BaseWallet | undefined,
  ) {
    this.relayer = relayer && messageSigner(relayer);
    if (threads > 0) {
      const workerData: PreparationWorkerData = { relayerKey: relayer?.privateKey };
      this.piscina = new Piscina({
        filename: path.join(__dirname, "threadEntry.js"),
        minThreads: threads,
        maxThreads: threads,
        workerData,
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
        atomics: ATOMICS,
      });
    }
  }

  /**
   * One result per item, in order: the prepared publication, or the ServiceError it earned. With
   * `pendingReceipts`, each publication from a key comes with its signed pending receipt.
   */
  async prepare(items: PreparationItem[], options: { pendingReceipts: boolean } = { pendingReceipts: false }): Promise<(PreparedPublication | ServiceError)[]> {
    const tasks: PreparationTask[] = [];
    // Only the fields preparation reads cross to the thread: every byte sent is copied.
    const sent = items.map(({ article, signature, previous }) => ({ article, signature, previous }));
    for (let i = 0; i < sent.length; i += ITEMS_PER_TASK) {
      tasks.push({ domain: this.domain, items: sent.slice(i, i + ITEMS_PER_TASK), pendingReceipts: options.pendingReceipts });
    }
    const results: PreparationResult[][] = await Promise.all(
      tasks.map((task) => (this.piscina ? this.piscina.run(task) : preparePublications(task, this.relayer))),
    );
    return results.flat().map((result) => (result.ok ? result.prepared : new ServiceError(result.error)));
  }

  /** A batch's tree and proofs, built on a thread: about 7 ms of hashing for 256 leaves that the event loop need not spend. */
  async buildBatchTree(leaves: BatchLeaf[]): Promise<BatchTree> {
    return this.piscina ? ((await this.piscina.run(leaves, { name: "buildBatchTree" })) as BatchTree) : buildBatchTree(leaves);
  }

  /**
   * The diff between two versions' texts (versionDiff), its parts as JSON, on a thread: bounded,
   * but up to a fraction of a second for the largest texts, and megabytes to serialize.
   */
  async diffVersions(before: string, after: string): Promise<SerializedDiff> {
    return this.piscina ? ((await this.piscina.run({ before, after }, { name: "diffVersions" })) as SerializedDiff) : serializedVersionDiff(before, after);
  }

  /** The candidate closest to a quote (closestPassage), on a thread: each alignment is bounded, 20 of them add up. */
  async closestPassage(task: ClosestTask): Promise<ClosestFound | undefined> {
    return this.piscina ? ((await this.piscina.run(task, { name: "closestPassage" })) as ClosestFound | undefined) : closestPassage(task);
  }

  async close(): Promise<void> {
    await this.piscina?.destroy();
  }
}
