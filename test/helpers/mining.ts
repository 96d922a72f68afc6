import { network } from "hardhat";

// Tests that hold transactions in the in-process node's pool: automine off, then mine by hand.

export const setAutomine = (on: boolean) => network.provider.send("evm_setAutomine", [on]);
export const mine = () => network.provider.send("evm_mine");

/** For afterEach: whatever a test left pending is mined, so that the next test starts from an empty pool. */
export async function restoreAutomine(): Promise<void> {
  await setAutomine(true);
  await mine();
}
