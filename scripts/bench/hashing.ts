import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { identifyArticle, parseArticle } from "../../server/protocol";

export interface HashingResult {
  articleBytes: number;
  /** Full protocol identity (normalize + JCS + sha2-256 + CID), MB/s. */
  protocolMBps: number;
  /** node:crypto sha256 of the same canonical bytes, MB/s. */
  bareMBps: number;
  ratio: number;
}

/** The French fixture (NBSP, typographic apostrophes, accents) repeated to a 1 MB article. */
function megabyteArticle() {
  const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "test", "fixtures", "mistral-ai-funding.fr.json"), "utf8")) as {
    title: string;
    body: string;
    publishedAt: string;
    language: string;
  };
  const copies = Math.ceil(1_048_576 / Buffer.byteLength(fixture.body));
  return { ...fixture, body: Array.from({ length: copies }, () => fixture.body).join("\n\n") };
}

/** Alternates both measurements over the same runs, so that machine drift hits both alike. */
export async function measureHashing(rounds = 20): Promise<HashingResult> {
  const article = megabyteArticle();
  const parsed = parseArticle(article);
  if (!parsed.success) throw new Error("the benchmark article is invalid");
  const canonical = Buffer.from((await identifyArticle(parsed.article)).canonical);
  let protocolMs = 0;
  let bareMs = 0;
  for (let round = 0; round < rounds; round++) {
    let start = performance.now();
    const normalized = parseArticle(article);
    if (normalized.success) await identifyArticle(normalized.article);
    protocolMs += performance.now() - start;
    start = performance.now();
    createHash("sha256").update(canonical).digest();
    bareMs += performance.now() - start;
  }
  const mb = (canonical.length * rounds) / 1_048_576;
  const protocolMBps = mb / (protocolMs / 1000);
  const bareMBps = mb / (bareMs / 1000);
  return { articleBytes: canonical.length, protocolMBps, bareMBps, ratio: protocolMBps / bareMBps };
}
