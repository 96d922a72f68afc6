import { parseArticleIdentifier, type ContentHash } from "../../protocol";
import { InvalidRequestError } from "../errors";

/** The content hash an article identifier (a CID or a 0x-prefixed content hash) names, or a 400 invalid_identifier. */
export async function contentHashOf(identifier: string): Promise<ContentHash> {
  const contentHash = await parseArticleIdentifier(identifier);
  if (!contentHash) {
    throw new InvalidRequestError({
      code: "invalid_identifier",
      message: "expected an article CID (CIDv1, codec json, sha2-256) or a 0x-prefixed 32-byte content hash",
      details: { identifier: identifier.slice(0, 200) },
    });
  }
  return contentHash;
}
