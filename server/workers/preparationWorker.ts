import { Wallet } from "ethers";
import { workerData } from "node:worker_threads";
import { messageSigner } from "../crypto/messageSigner";
import { serializedVersionDiff } from "../text/versionDiff";
import { preparePublications, type PreparationTask } from "./preparePublication";

/** What the pool hands each thread when it starts (never logged, never sent again). */
export interface PreparationWorkerData {
  /** The relayer's key, which signs pending receipts: the thread shares the process's memory, and its trust. */
  relayerKey: string | undefined;
}

const { relayerKey } = workerData as PreparationWorkerData;
const relayer = relayerKey === undefined ? undefined : messageSigner(new Wallet(relayerKey));

/** The default task: see preparePublications. */
export default function prepare(task: PreparationTask) {
  return preparePublications(task, relayer);
}

/** The other tasks, run by name. A batch's Merkle tree (about a thousand keccak hashes for 256 leaves): */
export { buildBatchTree } from "../crypto/batchTree";

/** The diff between two versions' texts, bounded but up to a fraction of a second for the largest: */
export const diffVersions = ({ before, after }: { before: string; after: string }) => serializedVersionDiff(before, after);

/** The passage closest to a quote found nowhere, among the index's candidates: */
export { closestPassage } from "../text/closestPassage";
