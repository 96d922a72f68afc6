import { formatEther, getAddress } from "ethers";
import type { Logger } from "pino";
import { REGISTRAR_ROLE, RELAYER_ROLE, registryRoleName, type Hex, type OperatorKeyHealth, type OperatorKeyUse } from "../../protocol";
import type { RegistryReader } from "../chain/registryReader";

/**
 * Gas one transaction of the service may need: an anchor of a correction that records a batched
 * version first is the largest (about 120,000). A key holding less than this at the chain's
 * current fee cannot be counted on for the next request.
 */
export const GAS_OF_ONE_TRANSACTION = 200_000n;

/** How long a check is reused: /healthz may be polled every few seconds, and each check is a few reads of the chain. */
const CHECK_MAX_AGE_MS = 10_000;

export interface OperatorKey {
  address: string;
  /** What the service sends with it: the relayer's anchors and receipts, the registrar's registrations. */
  uses: OperatorKeyUse[];
}

/**
 * Checks that the operator's keys can do what the service will ask of them: pay for a transaction,
 * and hold the registry role their calls need (REGISTRAR_ROLE for the registrar; RELAYER_ROLE for
 * the relayer in batch mode, since direct anchors, retractions and relayed rotations need none).
 * The answers go to /healthz and, at start, to the log: one line per missing thing.
 */
export class OperatorKeyCheck {
  private last: { at: number; keys: Promise<OperatorKeyHealth[]> } | undefined;

  constructor(private readonly deps: { chain: RegistryReader; keys: OperatorKey[]; batchMode: boolean }) {}

  /** Each key's balance and problems, read from the chain at most every 10 s. */
  async current(): Promise<OperatorKeyHealth[]> {
    if (!this.last || Date.now() - this.last.at > CHECK_MAX_AGE_MS) {
      const keys = this.check();
      this.last = { at: Date.now(), keys };
      // A failed read is not kept: the next call asks the chain again.
      keys.catch(() => {
        if (this.last?.keys === keys) this.last = undefined;
      });
    }
    return this.last.keys;
  }

  /** Warns in one line for each thing a key lacks. The service still starts: funds and roles can come while it runs. */
  async warnAtStart(logger: Logger): Promise<void> {
    try {
      for (const key of await this.current()) {
        for (const problem of key.problems) logger.warn({ code: problem.code, account: key.address, uses: key.uses }, problem.message);
      }
    } catch (error) {
      logger.warn({ err: error }, "could not check the operator's keys against the chain");
    }
  }

  private async check(): Promise<OperatorKeyHealth[]> {
    const { chain } = this.deps;
    const minimum = GAS_OF_ONE_TRANSACTION * (await chain.feePerGas());
    return Promise.all(
      this.deps.keys.map(async ({ address, uses }) => {
        const needed = this.rolesFor(uses);
        const [balance, held] = await Promise.all([chain.balanceOf(address), Promise.all(needed.map((role) => chain.hasRole(role, address)))]);
        const problems: OperatorKeyHealth["problems"] = [];
        const account = getAddress(address) as Hex;
        if (balance < minimum) {
          problems.push({
            code: "relayer_insufficient_funds",
            message: `the ${uses.join(" and ")} key ${account} holds ${formatEther(balance)} of the chain's currency, less than one transaction's gas (${formatEther(minimum)}): send it funds`,
          });
        }
        needed.forEach((role, i) => {
          if (held[i]) return;
          const name = registryRoleName(role);
          problems.push({
            code: "relayer_missing_role",
            message: `the ${uses.join(" and ")} key ${account} lacks the registry's ${name}: an admin grants it with newsprov roles grant ${name === "REGISTRAR_ROLE" ? "registrar" : "relayer"} ${account}`,
          });
        });
        return { address: account, uses, balanceWei: balance.toString(), problems };
      }),
    );
  }

  private rolesFor(uses: OperatorKeyUse[]): Hex[] {
    return [...(uses.includes("registrar") ? [REGISTRAR_ROLE] : []), ...(uses.includes("relayer") && this.deps.batchMode ? [RELAYER_ROLE] : [])];
  }
}
