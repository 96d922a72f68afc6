import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { canonicalArticle, identifyArticle, parseArticle } from "../../protocol";

export interface HashingResult {
  articleBytes: number;
  /** Full protocol identity (normalize + JCS + sha2-256 + CID), MB/s. */
  protocolMBps: number;
  /** node:crypto sha256 of the same canonical bytes, MB/s. */
  bareMBps: number;
  ratio: number;
  /** Milliseconds of each native pass any JavaScript implementation makes over the article, and of the bare sha256. */
  passes: { step: string; ms: number }[];
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

/** Alternates every measurement over the same runs, so that machine drift hits them alike. */
export async function measureHashing(rounds = 20): Promise<HashingResult> {
  const article = megabyteArticle();
  const parsed = parseArticle(article);
  if (!parsed.success) throw new Error("the benchmark article is invalid");
  const canonical = canonicalArticle(parsed.article);
  const bytes = Buffer.from(canonical);
  // One pass each, over the same text: what bounds the protocol's figure from below.
  const passes: { step: string; run: () => unknown }[] = [
    { step: "lone-surrogate check (`isWellFormed`)", run: () => article.body.isWellFormed() },
    { step: "NFC (`normalize`, V8's ICU; the text is NFC already)", run: () => article.body.normalize("NFC") },
    { step: "JCS (`JSON.stringify`, sorted keys)", run: () => canonicalArticle(parsed.article) },
    { step: "UTF-8 encoding (`Buffer.from`)", run: () => Buffer.from(canonical) },
    { step: "bare sha256 (`node:crypto`)", run: () => createHash("sha256").update(bytes).digest() },
  ];
  const passMs = passes.map(() => 0);
  let protocolMs = 0;
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    const normalized = parseArticle(article);
    if (normalized.success) await identifyArticle(normalized.article);
    protocolMs += performance.now() - start;
    passes.forEach(({ run }, i) => {
      const passStart = performance.now();
      run();
      passMs[i]! += performance.now() - passStart;
    });
  }
  const bareMs = passMs.at(-1)!;
  const mb = (bytes.length * rounds) / 1_048_576;
  const protocolMBps = mb / (protocolMs / 1000);
  const bareMBps = mb / (bareMs / 1000);
  return {
    articleBytes: bytes.length,
    protocolMBps,
    bareMBps,
    ratio: protocolMBps / bareMBps,
    passes: passes.map(({ step }, i) => ({ step, ms: passMs[i]! / rounds })),
  };
}
