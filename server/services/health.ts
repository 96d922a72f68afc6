import type { HealthAnswer, OperatorKeyHealth } from "../../protocol";
import type { ChainFollower } from "../chain/chainFollower";
import type { RegistryReader } from "../chain/registryReader";
import type { OperatorKeyCheck } from "./operatorKeys";

/** Whether the service can answer for the chain: it reaches it, and the registry is still there. */
export class HealthService {
  constructor(
    private readonly deps: {
      chain: RegistryReader;
      follower: Pick<ChainFollower, "indexedBlock" | "registryMissing" | "stalled">;
      /** A primary's keys; none on a replica. */
      operatorKeys?: Pick<OperatorKeyCheck, "current"> | undefined;
    },
  ) {}

  /** `ok` when every answer can be chain-confirmed; otherwise why not. It asks the chain for its head, nothing more. */
  async status(): Promise<HealthAnswer> {
    const { chain, follower } = this.deps;
    const identity = { chainId: Number(chain.chainId), registry: chain.address };
    let blockNumber: number;
    try {
      blockNumber = await chain.blockNumber();
    } catch {
      return { status: "unavailable", ...identity, blockNumber: null, reason: "the chain is not reachable" };
    }
    const keys = await this.operatorKeys();
    const progress = { ...identity, blockNumber, indexedBlock: follower.indexedBlock(), ...(keys && { operatorKeys: keys }) };
    const missing = follower.registryMissing();
    // The chain answers but no longer holds the registry (a reset chain): nothing can be verified.
    if (missing) return { status: "registry_missing", ...progress, reason: missing };
    // The index waits at a batch whose file no source has: what came after it is not answered for.
    const stalled = follower.stalled();
    return stalled ? { status: "stalled", ...progress, reason: stalled } : { status: "ok", ...progress };
  }

  /** The keys' check, or nothing when the chain did not answer it this time: the block number did, so the status stands. */
  private async operatorKeys(): Promise<OperatorKeyHealth[] | undefined> {
    try {
      return await this.deps.operatorKeys?.current();
    } catch {
      return undefined;
    }
  }
}
