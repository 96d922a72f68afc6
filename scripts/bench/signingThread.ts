import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { ProtocolDomain } from "../../protocol";
import { bulkBodies } from "./http";
import { signedArticles } from "./signedArticles";

interface Request {
  id: number;
  from: number;
  count: number;
}

type Reply = { id: number; requests: string[] } | { id: number; error: string };

/**
 * Signs ranges of benchmark articles on a thread of its own, as POST /v1/articles/bulk bodies: the
 * scale run signs the next range while the service takes the last one, so that the service is
 * never left waiting, and the bench holds a range or two of signed bodies, never all of them.
 */
export class SigningThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (requests: string[]) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor(domain: ProtocolDomain) {
    // ts-node alone: the Hardhat runtime the bench runs in has no use on this thread.
    this.worker = new Worker(__filename, { workerData: domain, execArgv: ["--require", require.resolve("ts-node/register/transpile-only")] });
    this.worker.on("message", (reply: Reply) => {
      const waiting = this.waiting.get(reply.id)!;
      this.waiting.delete(reply.id);
      if ("error" in reply) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply.requests);
    });
    this.worker.on("error", (error) => {
      for (const { reject } of this.waiting.values()) reject(error);
      this.waiting.clear();
    });
  }

  /** Bulk request bodies of the benchmark articles `from` to `from + count - 1`, signed by the demo publisher. */
  sign(from: number, count: number): Promise<string[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, from, count } satisfies Request);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

if (!isMainThread && parentPort) {
  const domain = workerData as ProtocolDomain;
  const port = parentPort;
  port.on("message", ({ id, from, count }: Request) => {
    signedArticles(domain, from, count).then(
      (bodies) => port.postMessage({ id, requests: bulkBodies(bodies) } satisfies Reply),
      (error: unknown) => port.postMessage({ id, error: String(error) } satisfies Reply),
    );
  });
}
