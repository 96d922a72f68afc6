import fs from "node:fs";
import path from "node:path";
import type { ArticleRule, CidString, ContentHash } from "../../protocol";

// The test vectors of docs/test-vectors/, as docs/protocol.md describes them.

export const VECTORS_DIR = path.join(__dirname, "..", "..", "docs", "test-vectors");

export interface VectorFile<C> {
  format: "newsprov-vectors-v1";
  unicode: string;
  cases: C[];
}

export type ArticleVector = { name: string } & ({ article: unknown } | { json: string }) &
  ({ valid: true; canonical: string; contentHash: ContentHash; cid: CidString } | { valid: false; rule: ArticleRule });

export function readVectors<C>(file: string): VectorFile<C> {
  return JSON.parse(fs.readFileSync(path.join(VECTORS_DIR, file), "utf8")) as VectorFile<C>;
}

/** The JSON text of a case's article: its raw text, or its value written out. */
export const articleText = (vector: ArticleVector) => ("json" in vector ? vector.json : JSON.stringify(vector.article));
