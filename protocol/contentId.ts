import { getBytes, hexlify, isHexString } from "ethers";
import type { NormalizedArticle } from "./article";
import type { CidString, ContentHash, Hex } from "./types";

// multiformats and canonicalize ship as ES modules only. From our CommonJS build a dynamic
// import() is the one way to load them; it stays a real import() under module=node16.
const esm = (async () => {
  const [{ CID }, Digest, { sha256 }, { default: canonicalize }] = await Promise.all([
    import("multiformats/cid"),
    import("multiformats/hashes/digest"),
    import("multiformats/hashes/sha2"),
    import("canonicalize"),
  ]);
  return { CID, Digest, sha256, canonicalize };
})();

/**
 * UTF-8 bytes of a text. In Node, writing into a buffer sized for the worst case (three bytes per
 * UTF-16 unit) is three times faster than Buffer.from or TextEncoder.encode, which first measure
 * the text in a pass of their own. Browsers have only TextEncoder.
 */
function utf8(text: string): Uint8Array {
  if (typeof Buffer === "undefined") return new TextEncoder().encode(text);
  const bytes = Buffer.allocUnsafe(text.length * 3);
  return bytes.subarray(0, bytes.write(text, "utf8"));
}

/** Multicodec code of the `json` codec, the codec of an article CID. */
export const JSON_CODEC = 0x0200;
/** Multihash code of sha2-256. */
export const SHA2_256 = 0x12;

export interface ArticleId {
  cid: CidString;
  contentHash: ContentHash;
  /** The canonical JSON text (RFC 8785) whose UTF-8 bytes are hashed. */
  canonical: string;
}

/**
 * RFC 8785 (JCS) text of a normalized article. An article holds only strings and arrays of
 * strings, none with a lone surrogate (the schema refuses them). For such a value JCS is
 * JSON.stringify with the keys sorted by UTF-16 code units, which is how Array.prototype.sort
 * compares them. `canonicalize` would also scan every character for lone surrogates, in
 * JavaScript: that scan was the costliest step of hashing a long article. A property test holds
 * this equal to `canonicalize`.
 */
export function canonicalArticle(article: NormalizedArticle): string {
  return JSON.stringify(article, Object.keys(article).sort());
}

/** Protocol v1, steps 3 and 4: JCS canonical bytes, their sha2-256, and the CIDv1 over them. */
export async function identifyArticle(article: NormalizedArticle): Promise<ArticleId> {
  const { CID, sha256 } = await esm;
  const canonical = canonicalArticle(article);
  const digest = await sha256.digest(utf8(canonical));
  return {
    cid: CID.createV1(JSON_CODEC, digest).toString(),
    contentHash: hexlify(digest.digest) as Hex,
    canonical,
  };
}

/** RFC 8785 (JCS) text of any JSON value: what receipts are signed over. */
export async function canonicalJson(value: unknown): Promise<string> {
  const { canonicalize } = await esm;
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("value has no JSON form");
  return text;
}

/** The CID of a content hash: both name the same bytes. Throws unless the hash has 32 bytes. */
export async function cidOfContentHash(contentHash: ContentHash): Promise<CidString> {
  // Any other length would still make a CID, one that contentHashOfCid and the registry refuse.
  if (!isHexString(contentHash, 32)) throw new TypeError(`not a 32-byte content hash: ${contentHash}`);
  const { CID, Digest } = await esm;
  const digest = Digest.create(SHA2_256, getBytes(contentHash));
  return CID.createV1(JSON_CODEC, digest).toString();
}

/**
 * The content hash named by an article CID, or undefined when the string is not a CIDv1 with
 * codec json and a sha2-256 multihash.
 */
export async function contentHashOfCid(cid: string): Promise<ContentHash | undefined> {
  const { CID } = await esm;
  let parsed;
  try {
    parsed = CID.parse(cid);
  } catch {
    return undefined;
  }
  const { version, code, multihash } = parsed;
  if (version !== 1 || code !== JSON_CODEC || multihash.code !== SHA2_256 || multihash.size !== 32) return undefined;
  return hexlify(multihash.digest) as Hex;
}
