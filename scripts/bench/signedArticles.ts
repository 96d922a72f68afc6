import secp256k1 from "secp256k1";
import { getBytes, hexlify } from "ethers";
import { PublicationSigner } from "../../server/crypto/publicationSigner";
import { identifyArticle, NO_PREVIOUS, parseArticle, type ContentHash, type ProtocolDomain } from "../../protocol";

// Hardhat's public test key #1: the demo publisher of `npm start`. Not a secret.
export const DEMO_PUBLISHER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

/** A short news article, distinct for every `n`. */
export function benchArticle(n: number, bodyBytes = 1_500) {
  const paragraph = `Paragraph of benchmark article ${n}: the council voted on the budget, and the figures were published. `;
  return {
    title: `Benchmark article ${n}`,
    body: paragraph.repeat(Math.max(1, Math.round(bodyBytes / paragraph.length))).trim(),
    publishedAt: "2026-11-29T12:00:00Z",
    language: "en",
  };
}

/**
 * Publish request bodies signed by the demo publisher, ready to send. Signed with native
 * secp256k1 over the same digest the service checks, so preparing 100,000 takes seconds.
 */
export async function signedArticles(domain: ProtocolDomain, from: number, count: number): Promise<string[]> {
  const sign = publicationSigner(domain, DEMO_PUBLISHER_KEY);
  const bodies: string[] = [];
  for (let n = from; n < from + count; n++) bodies.push(JSON.stringify((await sign(benchArticle(n))).body));
  return bodies;
}

/** Signs publish request bodies with `key` under `domain` (`previous`: the content hash the article corrects), and names the article's content hash. */
export function publicationSigner(domain: ProtocolDomain, key: string) {
  const digester = new PublicationSigner(domain);
  const secret = getBytes(key);
  return async (article: object, previous: ContentHash = NO_PREVIOUS) => {
    const parsed = parseArticle(article);
    if (!parsed.success) throw new Error("benchmark article is invalid");
    const { contentHash } = await identifyArticle(parsed.article);
    const { signature, recid } = secp256k1.ecdsaSign(digester.digest({ contentHash, previous }), secret);
    const body = { article, signature: `${hexlify(signature)}${(27 + recid).toString(16)}` };
    return { contentHash, body: previous === NO_PREVIOUS ? body : { ...body, previous } };
  };
}
