import { getCreateAddress, parseEther, Wallet, ZeroHash, type ContractTransactionResponse, type Provider } from "ethers";
import type { Logger } from "pino";
import { deployRegistry } from "../server/chain/deployRegistry";
import { PUBLIC_TEST_ACCOUNTS, type Hex } from "../server/protocol";
import { ArticleRegistry__factory, type ArticleRegistry } from "../typechain-types";
import type { OperatorKeys } from "./operatorKeys";

/**
 * Hardhat's public test key #0, which the embedded chain's genesis funds. It pays for the
 * operator's keys; a data dir of an earlier version has the registry it deployed and every role
 * it held there, which it hands over (see reconcileRoles). Not a secret: never use it for anything real.
 */
const PUBLIC_KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

/** The demo publisher, on Hardhat's public test key #1, so that the README's examples work as written: anyone can sign as it. */
export const DEMO_PUBLISHER = { address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", name: "Demo Newsroom", domain: "demo.example" } as const;

/** What each operator key gets from the genesis account, and the balance under which it gets it again. */
const FUNDING = parseEther("1000");
const TOP_UP_BELOW = parseEther("100");

/** `revoked`: revoked by an earlier start with DEMO_PUBLISHER=off, or now; its key can never serve again. */
export type DemoPublisherState = "active" | "off" | "revoked";

export interface EmbeddedRegistry {
  address: Hex;
  /** Its deployment block when this start deployed it; 0 otherwise (the index keeps its own cursor). */
  startBlock: number;
  /** A registry of an earlier version whose roles public key #0 handed to the operator's keys at this start. */
  migrated: boolean;
  demoPublisher: DemoPublisherState;
}

/**
 * Brings the embedded chain's registry to the state every start guarantees: deployed by the
 * operator's admin key (so each install has its own address and EIP-712 domain), its admin and
 * registrar roles with the admin key, its relayer role with the relayer key only, no role with any
 * public test account, and the demo publisher as DEMO_PUBLISHER asks. Every change is an ordinary
 * transaction, journaled and replayed like any other. Runs before the chain's port opens.
 */
export async function setUpEmbeddedRegistry(
  provider: Provider,
  keys: OperatorKeys,
  options: { demoPublisher: boolean; logger: Logger },
): Promise<EmbeddedRegistry> {
  const genesisAccount = new Wallet(PUBLIC_KEY_0, provider);
  const admin = keys.admin.connect(provider);
  const relayer = keys.relayer.connect(provider);
  await fund(genesisAccount, [admin.address, relayer.address]);
  const { registry, startBlock } = await locateRegistry(provider, admin);
  const migrated = await reconcileRoles(registry, { admin, relayer, genesisAccount }, options.logger);
  const demoPublisher = await reconcileDemoPublisher(registry.connect(admin), options.demoPublisher, options.logger);
  return { address: (await registry.getAddress()) as Hex, startBlock, migrated, demoPublisher };
}

async function fund(genesisAccount: Wallet, accounts: string[]): Promise<void> {
  for (const account of accounts) {
    if ((await genesisAccount.provider!.getBalance(account)) >= TOP_UP_BELOW) continue;
    await (await genesisAccount.sendTransaction({ to: account, value: FUNDING })).wait();
  }
}

/**
 * The embedded chain's registry: the one the admin key deployed (its first transaction), else one
 * an earlier version deployed from public key #0; undefined when neither was deployed.
 */
export async function findEmbeddedRegistry(provider: Provider, adminAddress: string): Promise<Hex | undefined> {
  for (const deployer of [adminAddress, new Wallet(PUBLIC_KEY_0).address]) {
    const address = getCreateAddress({ from: deployer, nonce: 0 });
    if ((await provider.getCode(address)) !== "0x") return address as Hex;
  }
  return undefined;
}

/** The embedded chain's registry (findEmbeddedRegistry), or a new one, deployed now by the admin key. */
async function locateRegistry(provider: Provider, admin: Wallet): Promise<{ registry: ArticleRegistry; startBlock: number }> {
  const found = await findEmbeddedRegistry(provider, admin.address);
  if (found) return { registry: ArticleRegistry__factory.connect(found, provider), startBlock: 0 };
  const deployment = await deployRegistry(admin);
  return { registry: ArticleRegistry__factory.connect(deployment.address, provider), startBlock: deployment.blockNumber };
}

/**
 * Least privilege, reached from whatever state the registry is in. A registry of an earlier version
 * has every role with public key #0: it grants the admin role to the operator's admin key and
 * renounces each role it holds. The admin key then takes the registrar role, gives the relayer role
 * to the relayer key alone, and revokes any role a public test account still holds.
 * @returns whether public key #0 handed the registry over at this start.
 */
async function reconcileRoles(
  registry: ArticleRegistry,
  keys: { admin: Wallet; relayer: Wallet; genesisAccount: Wallet },
  logger: Logger,
): Promise<boolean> {
  const { admin, relayer, genesisAccount } = keys;
  const [registrarRole, relayerRole] = await Promise.all([registry.REGISTRAR_ROLE(), registry.RELAYER_ROLE()]);
  const adminRole = ZeroHash;
  const has = (role: string, account: string) => registry.hasRole(role, account);

  let migrated = false;
  if (!(await has(adminRole, admin.address))) {
    if (!(await has(adminRole, genesisAccount.address))) {
      throw new Error(
        `the admin key ${admin.address} (DATA_DIR/keys/admin.json) does not hold the registry's admin role: ` +
          "restore DATA_DIR/keys/ from its backup",
      );
    }
    logger.warn({ from: genesisAccount.address, to: admin.address }, "an earlier version's registry: public key #0 hands its roles to the operator's keys");
    await mined(registry.connect(genesisAccount).grantRole(adminRole, admin.address));
    migrated = true;
  }
  const asAdmin = registry.connect(admin);
  const wanted: [string, string][] = [
    [registrarRole, admin.address],
    [relayerRole, relayer.address],
  ];
  for (const [role, account] of wanted) if (!(await has(role, account))) await mined(asAdmin.grantRole(role, account));
  // The relayer's key is the one the service exposes most (it signs every 202): it gets nothing else,
  // and the admin key does not relay.
  for (const role of [adminRole, registrarRole]) if (await has(role, relayer.address)) await mined(asAdmin.revokeRole(role, relayer.address));
  if (await has(relayerRole, admin.address)) await mined(asAdmin.renounceRole(relayerRole, admin.address));

  const roleNames = { [relayerRole]: "RELAYER_ROLE", [registrarRole]: "REGISTRAR_ROLE", [adminRole]: "DEFAULT_ADMIN_ROLE" };
  for (const account of PUBLIC_TEST_ACCOUNTS) {
    for (const role of [relayerRole, registrarRole, adminRole]) {
      if (!(await has(role, account))) continue;
      logger.warn({ account, role: roleNames[role] }, "a public test account held a registry role: taking it away");
      if (account === genesisAccount.address) await mined(registry.connect(genesisAccount).renounceRole(role, account));
      else await mined(asAdmin.revokeRole(role, account));
    }
  }
  return migrated;
}

/**
 * Registers the demo publisher when it is wanted and never was; revokes it when it is not wanted
 * and still active. A revoked identity stays revoked: a key serves one identity once.
 */
async function reconcileDemoPublisher(asAdmin: ArticleRegistry, wanted: boolean, logger: Logger): Promise<DemoPublisherState> {
  const id = await asAdmin.publisherIdOf(DEMO_PUBLISHER.address);
  if (id === 0n) {
    if (!wanted) return "off";
    await mined(asAdmin.registerPublisher(DEMO_PUBLISHER.address, DEMO_PUBLISHER.name, DEMO_PUBLISHER.domain));
    return "active";
  }
  const publisher = await asAdmin.getPublisher(id);
  // The identity moved to another key: the public key no longer speaks for it.
  if (publisher.key !== DEMO_PUBLISHER.address) return "off";
  if (publisher.revokedAt !== 0n) return "revoked";
  if (wanted) return "active";
  logger.warn({ publisherId: Number(id) }, "DEMO_PUBLISHER=off: revoking the demo publisher, whose key is public");
  await mined(asAdmin.revokePublisher(id));
  return "revoked";
}

async function mined(sent: Promise<ContractTransactionResponse>): Promise<void> {
  const receipt = await (await sent).wait();
  if (receipt?.status !== 1) throw new Error(`transaction ${receipt?.hash} of the embedded setup failed`);
}
