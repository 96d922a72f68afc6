import { PUBLICATION_TYPES, type ArticleIdAnswer, type DomainAnswer, type ProtocolDomain } from "../../protocol";
import { readArticle } from "./articleInput";

/** What a client needs to compute a CID and sign a publication itself, without trusting us with its key. */
export class ProtocolService {
  constructor(private readonly domain: ProtocolDomain) {}

  /** The EIP-712 domain and types a publisher signs under (protocol v1, section 5). */
  signingDomain(): DomainAnswer {
    const { domain } = this;
    return { domain: { ...domain, chainId: Number(domain.chainId) }, types: PUBLICATION_TYPES, primaryType: "Publication" };
  }

  /** An article's protocol v1 identity; nothing is stored. */
  async identify(article: unknown): Promise<ArticleIdAnswer> {
    const { cid, contentHash, canonical } = await readArticle(article);
    return { cid, contentHash, canonical };
  }
}
