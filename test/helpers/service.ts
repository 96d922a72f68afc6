import { ethers } from "hardhat";
import pino from "pino";
import { Wallet, type Signer } from "ethers";
import { deployRegistry } from "../../server/chain/deployRegistry";
import { NO_PREVIOUS, type ContentHash } from "../../protocol";
import { createService, type ServiceOptions } from "../../server/service";
import { ArticleRegistry__factory } from "../../typechain-types";
import { idOf } from "./articles";
import { KEY_0 } from "./keys";
import { DEMO_PUBLISHER, signPublication } from "./registry";

export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789";

/**
 * A fresh registry on the in-process Hardhat chain (signer #0 as admin and relayer, signer #1
 * registered as the demo publisher) and the service in front of it, with an in-memory database.
 * The relayer is signer #0 as a Wallet, as `npm start` has it: the service signs its transactions
 * itself (Hardhat's own signer cannot), so it estimates gas and never sends a transaction the
 * registry would revert.
 */
export async function startTestService(options: Partial<ServiceOptions> = {}) {
  const [admin, publisher, other] = await ethers.getSigners();
  if (!admin || !publisher || !other) throw new Error("the test service needs three signers");
  const deployment = await deployRegistry(admin);
  const registry = ArticleRegistry__factory.connect(deployment.address, admin);
  await (await registry.registerPublisher(publisher.address, DEMO_PUBLISHER.name, DEMO_PUBLISHER.domain)).wait();
  const { chainId } = await ethers.provider.getNetwork();
  const service = await createService({
    provider: ethers.provider,
    relayer: new Wallet(KEY_0, ethers.provider),
    registryAddress: deployment.address,
    startBlock: deployment.blockNumber,
    dataDir: ":memory:",
    confirmations: 0,
    indexerPollMs: 50,
    adminToken: TEST_ADMIN_TOKEN,
    maxBodyBytes: 4 * 1024 * 1024,
    // Off: tests send bursts; test/server/security.test.ts turns it on.
    writeRateLimitPerMinute: 0,
    // No background rounds: a test that checks domains asks for them (test/server/domainCheck.test.ts).
    domainChecks: { intervalMs: 0 },
    logger: pino({ level: "silent" }),
    ...options,
  });

  /** A publish request body: the article signed by `signer` (default: the demo publisher). */
  const publishBody = async <A>(article: A, signer: Signer = publisher, previous: ContentHash = NO_PREVIOUS) => {
    const { contentHash } = await idOf(article);
    const signature = await signPublication(signer, deployment.address, chainId, { contentHash, previous });
    return previous === NO_PREVIOUS ? { article, signature } : { article, signature, previous };
  };

  return { service, app: service.app, registry, deployment, chainId, admin, publisher, other, publishBody };
}

export type TestService = Awaited<ReturnType<typeof startTestService>>;

/**
 * The test service of one describe block, in the manner of loadFixture: started before the block's
 * first test and closed after its last. The object it returns is filled once the service runs.
 */
export function useTestService(options: Partial<ServiceOptions> = {}): TestService {
  const fixture = {} as TestService;
  before(async function () {
    Object.assign(fixture, await startTestService(options));
  });
  after(async function () {
    await fixture.service?.close();
  });
  return fixture;
}
