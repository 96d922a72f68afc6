import fs from "node:fs";
import path from "node:path";
import type { Provider } from "ethers";
import writeFileAtomic from "write-file-atomic";
import { z } from "zod";
import {
  BatchFileError,
  batchFileName,
  checkBatchFile,
  readBatchFile,
  registryEventRanges,
  type BatchSource,
  type Hex,
} from "../protocol";

/** Where a mirror directory says how far it read the chain: beside the batch files, never one of them. */
export const MIRROR_STATE_FILE = "mirror-state.json";

const mirrorStateSchema = z.strictObject({
  format: z.literal("newsprov-mirror-v1"),
  chainId: z.number().int(),
  registry: z.string(),
  /** Every BatchAnchored event up to this block has its file here. */
  scannedTo: z.number().int(),
});
type MirrorState = z.infer<typeof mirrorStateSchema>;

export interface MirrorOptions {
  dir: string;
  /** The service (or another mirror's service) the files are copied from. */
  from: BatchSource;
  provider: Provider;
  chainId: number;
  registry: Hex;
  /** Where a first run starts reading the chain. */
  fromBlock: number;
}

/** What one run of the mirror did. */
export interface MirrorReport {
  dir: string;
  registry: Hex;
  chainId: number;
  /** The blocks this run read. */
  fromBlock: number;
  toBlock: number;
  /** Where the next run starts, less one: before the first root this run could not copy. */
  scannedTo: number;
  /** Roots the chain anchored in the blocks this run read. */
  anchored: number;
  copied: string[];
  alreadyHeld: number;
  /** Anchored roots the source has no file of: asked again next run. */
  missing: string[];
  /** Files that do not match the chain's root: not kept, asked again next run. */
  refused: { root: string; problem: string }[];
}

/**
 * Copies the file of every root the registry anchored into `dir`, checking each against the chain:
 * the list of roots comes from the chain's BatchAnchored events, not from the source, so that a
 * source cannot leave one out unseen; a file is kept only if its leaves rebuild its root and their
 * number is the event's. Each run reads only the blocks after the last one it finished, and
 * fetches only the files it lacks. Signatures and the registry's rules are `newsprov audit`'s.
 */
export async function mirrorBatches(options: MirrorOptions): Promise<MirrorReport> {
  const { dir, chainId, registry } = options;
  fs.mkdirSync(dir, { recursive: true });
  const state = readState(dir, chainId, registry);
  const fromBlock = state ? state.scannedTo + 1 : options.fromBlock;
  const head = await options.provider.getBlockNumber();
  const report: MirrorReport = { dir, registry, chainId, fromBlock, toBlock: head, scannedTo: head, anchored: 0, copied: [], alreadyHeld: 0, missing: [], refused: [] };
  // A root that could not be copied holds the mirror's state before its block, so that the next
  // run asks for it again; the roots after it are copied all the same.
  let { scannedTo } = report;
  for await (const { events } of registryEventRanges(options.provider, registry, fromBlock, head)) {
    for (const event of events) {
      if (event.name !== "BatchAnchored") continue;
      report.anchored++;
      const copied = await copyBatch(options, event.args.root as Hex, Number(event.args.count), report);
      if (!copied) scannedTo = Math.min(scannedTo, event.blockNumber - 1);
    }
  }
  report.scannedTo = scannedTo;
  if (scannedTo >= fromBlock) writeState(dir, { format: "newsprov-mirror-v1", chainId, registry, scannedTo });
  return report;
}

/** Copies one root's file unless the mirror holds it; false when it could not. */
async function copyBatch(options: MirrorOptions, root: Hex, count: number, report: MirrorReport): Promise<boolean> {
  const target = path.join(options.dir, batchFileName(root));
  if (fs.existsSync(target)) {
    report.alreadyHeld++;
    return true;
  }
  const json = await readBatchFile(options.from, root);
  if (json === undefined) {
    report.missing.push(root);
    return false;
  }
  try {
    const { file } = checkBatchFile(json, { root, chainId: options.chainId, registry: options.registry });
    if (file.leaves.length !== count) throw new BatchFileError(`the file holds ${file.leaves.length} leaves, the chain counts ${count}`);
    writeFileAtomic.sync(target, JSON.stringify(file));
  } catch (error) {
    if (!(error instanceof BatchFileError)) throw error;
    report.refused.push({ root, problem: error.message });
    return false;
  }
  report.copied.push(root);
  return true;
}

function readState(dir: string, chainId: number, registry: Hex): MirrorState | undefined {
  const file = path.join(dir, MIRROR_STATE_FILE);
  if (!fs.existsSync(file)) return undefined;
  const state = mirrorStateSchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (state.chainId !== chainId || state.registry !== registry) {
    throw new Error(`${dir} mirrors the registry ${state.registry} on chain ${state.chainId}, not ${registry} on chain ${chainId}`);
  }
  return state;
}

function writeState(dir: string, state: MirrorState): void {
  writeFileAtomic.sync(path.join(dir, MIRROR_STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}
