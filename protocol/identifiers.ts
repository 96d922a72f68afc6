import { isHexString } from "ethers";
import { contentHashOfCid } from "./contentId";
import type { ContentHash } from "./types";

/**
 * The content hash an article identifier names: a CID (section 4, in any multibase the CID
 * library reads) or a 0x-prefixed 32-byte content hash in either letter case; undefined for
 * anything else.
 */
export async function parseArticleIdentifier(identifier: string): Promise<ContentHash | undefined> {
  if (isHexString(identifier, 32)) return identifier.toLowerCase() as ContentHash;
  return contentHashOfCid(identifier);
}
