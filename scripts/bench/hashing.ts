import { createHash } from "node:crypto";
import { identifyArticle, parseArticle } from "../../server/protocol";

export interface HashingResult {
  articleBytes: number;
  /** Full protocol identity (normalize + JCS + sha2-256 + CID), MB/s. */
  protocolMBps: number;
  /** node:crypto sha256 of the same canonical bytes, MB/s. */
  bareMBps: number;
  ratio: number;
}

/** A 1 MB article with accents, NBSP, CRLF and trailing spaces: the normalizer has real work. */
function megabyteArticle() {
  const paragraph = "Le conseil a voté le budget : 600 millions d’euros, répartis entre l’État et la région.   \r\n\r\n";
  return {
    title: "Un article d’un mégaoctet",
    body: paragraph.repeat(Math.ceil(1_048_576 / Buffer.byteLength(paragraph))),
    publishedAt: "2026-11-29T12:00:00Z",
    language: "fr",
  };
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
