import fs from "node:fs/promises";
import path from "node:path";
import { boundedText } from "./boundedBody";
import type { Hex } from "./types";

/**
 * Where batch files come from (docs/protocol.md, "Batch files"): a directory of `<root>.json`
 * files (a service's DATA_DIR/batches, or a mirror), or a service's URL, which serves them at
 * `/v1/batches/<root>`. Node only: the page never reads batch files.
 */
export type BatchSource = { kind: "directory"; dir: string } | { kind: "url"; base: string };

/** A batch file larger than this is refused unread: a batch of 65,536 leaves takes about 20 MB. */
export const MAX_BATCH_FILE_BYTES = 32 * 1024 * 1024;

/** `--batches <dir|url>` and BATCH_SOURCE: an http(s) URL is a service, anything else a directory. */
export function parseBatchSource(value: string): BatchSource {
  return /^https?:\/\//i.test(value) ? { kind: "url", base: value.replace(/\/+$/, "") } : { kind: "directory", dir: path.resolve(value) };
}

export const describeBatchSource = (source: BatchSource) => (source.kind === "url" ? source.base : source.dir);

/** A batch file's name in a directory of them. */
export const batchFileName = (root: Hex) => `${root}.json`;

/**
 * The JSON of the batch file of `root`, unchecked (checkBatchFile checks it), or undefined when
 * the source does not have it. A source that fails otherwise (an unreadable directory, a service
 * that does not answer) throws: the caller may try again later.
 */
export async function readBatchFile(source: BatchSource, root: Hex): Promise<unknown | undefined> {
  if (source.kind === "directory") {
    const file = path.join(source.dir, batchFileName(root));
    try {
      const { size } = await fs.stat(file);
      if (size > MAX_BATCH_FILE_BYTES) throw new Error(`${file} has ${size} bytes, more than a batch file may`);
      return JSON.parse(await fs.readFile(file, "utf8"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }
  const url = `${source.base}/v1/batches/${root}`;
  const response = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(30_000) });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const text = await boundedText(response, MAX_BATCH_FILE_BYTES);
  if (text === undefined) throw new Error(`${url} is larger than a batch file may be`);
  return JSON.parse(text);
}
