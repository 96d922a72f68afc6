import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Hex } from "../protocol";

/** The journal's format, in its first line: a file in another format is refused, never guessed at. */
export const CHAIN_JOURNAL_FORMAT = "chain-journal-v1";

const hex = z
  .string()
  .regex(/^0x[0-9a-fA-F]*$/, "must be 0x-prefixed hex")
  .transform((value) => value as Hex);

const headerSchema = z.strictObject({
  format: z.literal(CHAIN_JOURNAL_FORMAT),
  chainId: z.number().int().positive(),
  // The chain's first block: a chain started at the same time with the same accounts has the same one.
  genesis: z.strictObject({ timestamp: z.number().int().nonnegative(), hash: hex }),
});

const blockSchema = z.strictObject({
  number: z.number().int().positive(),
  timestamp: z.number().int().nonnegative(),
  // What the block was mined as; a replay under another Hardhat version may hash blocks differently.
  hash: hex,
  // The raw signed transactions, in block order: what a replay sends again.
  transactions: z.array(hex),
});

export type ChainJournalHeader = z.infer<typeof headerSchema>;
/** One mined block, as the journal keeps it. */
export type JournaledBlock = z.infer<typeof blockSchema>;

/**
 * An append-only file of a chain's blocks, one JSON line each after a header line: enough to mine
 * the same chain again after a restart. Each line is on disk (fsync) before `append` returns.
 */
export class ChainJournal {
  private lastBlock: number;

  private constructor(
    readonly file: string,
    private readonly handle: fs.FileHandle,
    private currentHeader: ChainJournalHeader | undefined,
    /** The blocks the file held when it was opened. */
    readonly blocks: readonly JournaledBlock[],
  ) {
    this.lastBlock = blocks.at(-1)?.number ?? 0;
  }

  /**
   * Opens the journal, creating its folder if needed, and reads what it holds. A last line
   * without its newline was cut short by a crash while it was written: it is dropped from the
   * file, since its block was never acknowledged (see JournalingProvider).
   */
  static async open(file: string): Promise<ChainJournal> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const handle = await fs.open(file, "a+");
    try {
      const bytes = await handle.readFile();
      const complete = bytes.lastIndexOf(0x0a) + 1;
      if (complete < bytes.length) await handle.truncate(complete);
      const lines = bytes.subarray(0, complete).toString("utf8").split("\n").slice(0, -1);
      const [first, ...rest] = lines.map((line, i) => parseLine(file, i + 1, line));
      const header = first === undefined ? undefined : expectHeader(file, first);
      const blocks = rest.map((entry, i) => expectBlock(file, i + 2, entry, i + 1));
      return new ChainJournal(file, handle, header, blocks);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** The header, once the journal has one; a new journal has none until `begin`. */
  get header(): ChainJournalHeader | undefined {
    return this.currentHeader;
  }

  /** Writes a new journal's header: the chain it records, from its genesis block. */
  async begin(header: Omit<ChainJournalHeader, "format">): Promise<void> {
    if (this.currentHeader) throw new Error(`${this.file} already has its header`);
    const full = { format: CHAIN_JOURNAL_FORMAT, ...header } as const;
    await this.write(full);
    // The file is new: its directory entry must be on disk too.
    const directory = await fs.open(path.dirname(this.file), "r");
    await directory.sync().finally(() => directory.close());
    this.currentHeader = full;
  }

  /** Appends the chain's next block and returns once it is on disk. */
  async append(block: JournaledBlock): Promise<void> {
    if (!this.currentHeader) throw new Error(`${this.file} has no header yet`);
    if (block.number !== this.lastBlock + 1) {
      throw new Error(`${this.file}: block ${block.number} cannot follow block ${this.lastBlock}`);
    }
    await this.write(block);
    this.lastBlock = block.number;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private async write(entry: object): Promise<void> {
    await this.handle.appendFile(`${JSON.stringify(entry)}\n`);
    await this.handle.datasync();
  }
}

function parseLine(file: string, line: number, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${file}:${line}: not JSON: the chain journal is damaged`);
  }
}

function expectHeader(file: string, entry: unknown): ChainJournalHeader {
  const parsed = headerSchema.safeParse(entry);
  if (!parsed.success) throw new Error(`${file}:1: not a ${CHAIN_JOURNAL_FORMAT} header: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function expectBlock(file: string, line: number, entry: unknown, expectedNumber: number): JournaledBlock {
  const parsed = blockSchema.safeParse(entry);
  if (!parsed.success) throw new Error(`${file}:${line}: not a journaled block: ${z.prettifyError(parsed.error)}`);
  if (parsed.data.number !== expectedNumber) {
    throw new Error(`${file}:${line}: block ${parsed.data.number} where block ${expectedNumber} should be: the chain journal is damaged`);
  }
  return parsed.data;
}
