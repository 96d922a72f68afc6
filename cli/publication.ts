import type { BaseWallet } from "ethers";
import { NO_PREVIOUS, type ProtocolDomain } from "../protocol";
import type { Provenance } from "../protocol";
import type { ArticleFile } from "./articleFile";
import { ServiceRequestError } from "./errors";
import type { ServiceClient } from "./serviceClient";
import { signPublication } from "../protocol";

/** Everything needed to publish: the service, the publisher's key and the domain to sign under. */
export interface PublishingContext {
  client: ServiceClient;
  key: BaseWallet;
  domain: ProtocolDomain;
}

export type PublishStatus = "published" | "already_anchored";

export interface Published {
  file: string;
  status: PublishStatus;
  cid: string;
  provenance: Provenance;
}

/**
 * Publishes one article, unless it is anchored already: the check comes before signing, and a 409
 * from a race (or from an earlier, interrupted run) counts the same. That makes a rerun resume.
 */
export async function publishArticle(article: ArticleFile, context: PublishingContext, previous = NO_PREVIOUS): Promise<Published> {
  const { client, key, domain } = context;
  const done = (status: PublishStatus, provenance: Provenance) => ({ file: article.file, status, cid: article.cid, provenance });

  const existing = await client.get<Provenance>(`/v1/verify/${article.cid}`);
  if (existing.verified) return done("already_anchored", existing);

  const signature = await signPublication(key, domain, { contentHash: article.contentHash, previous });
  const body = previous === NO_PREVIOUS ? { article: article.article, signature } : { article: article.article, signature, previous };
  try {
    return done("published", await client.post<Provenance>("/v1/articles", body));
  } catch (error) {
    if (error instanceof ServiceRequestError && error.code === "article_already_anchored") {
      return done("already_anchored", error.details?.record as Provenance);
    }
    throw error;
  }
}
