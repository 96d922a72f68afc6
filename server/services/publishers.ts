import { Mutex } from "async-mutex";
import { getAddress } from "ethers";
import type { RegistryClient } from "../chain/registryClient";
import type { MinedTransaction } from "../chain/transactionSender";
import type { ChainFollower } from "../chain/chainFollower";
import type { DomainChecker } from "../domains/domainChecker";
import { NotFoundError, ReadOnlyError, ServiceError } from "../errors";
import { domainToAscii, identityIssues, type Hex, type PublisherTransaction, type PublisherView, type RecentArticle, type SignatureHex } from "../../protocol";
import type { ChainIndex, PublisherRow } from "../store/chainIndex";
import type { PublisherViews } from "./publisherViews";

export interface RegisterPublisherRequest {
  address: Hex;
  name: string;
  domain: string;
}

/** A key rotation: by a registrar (no signature) or signed by the identity's current key. */
export interface RotateKeyRequest {
  newKey: Hex;
  signature?: SignatureHex | undefined;
}

/** The registrar's transactions: a read replica has none. */
export type PublisherRegistrar = Pick<RegistryClient, "registerPublisher" | "revokePublisher" | "rotatePublisherKey">;

/** Registers, revokes and rotates publishers on chain (registrars), and reads them from the chain index. */
export class PublisherService {
  /** One registration at a time: two lookalikes sent together must not both pass the identity rules. */
  private readonly registrations = new Mutex();

  constructor(
    private readonly deps: {
      /** Absent on a read replica, which refuses these writes before they reach here (server/middleware/readOnly.ts). */
      registrar: PublisherRegistrar | undefined;
      follower: ChainFollower;
      chainIndex: ChainIndex;
      views: PublisherViews;
      domainChecks: DomainChecker;
    },
  ) {}

  /**
   * Registers a name and a domain that break no identity rule (docs/protocol.md, section 6), the
   * domain in its IDNA ASCII form, then checks the domain's statement for the new key.
   */
  async register(request: RegisterPublisherRequest): Promise<PublisherTransaction> {
    const address = getAddress(request.address) as Hex;
    const name = request.name.normalize("NFC");
    return this.registrations.runExclusive(async () => {
      const domain = this.acceptableDomain(name, request.domain);
      const mined = await this.registrar().registerPublisher(address, name, domain);
      return this.confirmed(mined, address, { checkDomain: true });
    });
  }

  async revoke(address: Hex): Promise<PublisherTransaction> {
    const publisher = this.row(address);
    return this.confirmed(await this.registrar().revokePublisher(publisher.id), address);
  }

  /** The new key is checked against the domain's statement at once: a file that lists only the old key no longer confirms it. */
  async rotate(address: Hex, request: RotateKeyRequest): Promise<PublisherTransaction> {
    const publisher = this.row(address);
    const newKey = getAddress(request.newKey) as Hex;
    return this.confirmed(await this.registrar().rotatePublisherKey(publisher.id, newKey, request.signature ?? "0x"), newKey, { checkDomain: true });
  }

  /** Checks the domain's statement now, for anyone who asks, at most once per cooldown. */
  async checkDomain(address: Hex): Promise<PublisherView> {
    const publisher = this.row(address);
    await this.deps.domainChecks.checkOnRequest(publisher);
    return this.deps.views.view(publisher);
  }

  get(address: Hex): PublisherView {
    return this.deps.views.view(this.row(address));
  }

  list(): PublisherView[] {
    return this.deps.chainIndex.publishers().map((row) => this.deps.views.view(row));
  }

  recentArticles(address: Hex, limit: number): RecentArticle[] {
    return this.deps.chainIndex.recentAnchors(this.row(address).id, limit).map((anchor) => ({
      cid: anchor.cid,
      anchoredAt: new Date(anchor.anchoredAt * 1000).toISOString(),
      blockNumber: anchor.blockNumber,
    }));
  }

  /** The domain's IDNA ASCII form, once the name and the domain pass every identity rule; refused with its code otherwise. */
  private acceptableDomain(name: string, domain: string): string {
    const [issue] = identityIssues(name, domain);
    if (issue) throw new ServiceError({ code: "publisher_invalid_name", message: issue.message, details: { field: issue.field, rule: issue.rule } });
    const ascii = domainToAscii(domain)!;
    const conflicts = this.deps.views.conflicts({ name, domain: ascii });
    const taken = conflicts.find((conflict) => conflict.code === "domain_taken_by");
    if (taken) {
      throw new ServiceError({
        code: "publisher_domain_taken",
        message: `the active publisher #${taken.publisherId} already has the domain ${ascii}`,
        details: { publisherId: taken.publisherId, domain: ascii },
      });
    }
    const [confusable] = conflicts;
    if (confusable?.code === "confusable_with") {
      throw new ServiceError({
        code: "publisher_confusable",
        message: `the ${confusable.field} looks like that of the active publisher #${confusable.publisherId}`,
        details: { field: confusable.field, publisherId: confusable.publisherId },
      });
    }
    return ascii;
  }

  private registrar(): PublisherRegistrar {
    if (!this.deps.registrar) throw new ReadOnlyError();
    return this.deps.registrar;
  }

  private row(address: Hex): PublisherRow {
    const row = this.deps.chainIndex.publisherByKey(getAddress(address) as Hex);
    if (!row) throw new NotFoundError({ message: `no publisher has, or had, the key ${address}` });
    return row;
  }

  private async confirmed({ txHash, blockNumber }: MinedTransaction, address: Hex, { checkDomain = false } = {}): Promise<PublisherTransaction> {
    await this.deps.follower.syncTo(blockNumber);
    if (checkDomain) await this.deps.domainChecks.check(this.row(address));
    return { ...this.get(address), txHash };
  }
}
