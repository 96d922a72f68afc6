import { Wallet } from "ethers";
import { workerData } from "node:worker_threads";
import { messageSigner } from "../crypto/messageSigner";
import { preparePublications, type PreparationTask } from "./preparePublication";

/** What the pool hands each thread when it starts (never logged, never sent again). */
export interface PreparationWorkerData {
  /** The relayer's key, which signs pending receipts: the thread shares the process's memory, and its trust. */
  relayerKey: string;
}

const relayer = messageSigner(new Wallet((workerData as PreparationWorkerData).relayerKey));

/** The default task: see preparePublications. */
export default function prepare(task: PreparationTask) {
  return preparePublications(task, relayer);
}

/** The other task, run by name: a batch's Merkle tree (about a thousand keccak hashes for 256 leaves). */
export { buildBatchTree } from "../crypto/batchTree";
