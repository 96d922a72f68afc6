// `npx hardhat run scripts/bench/chainPortCalls.ts`: how long the costliest eth_calls take on the
// in-process chain at each gas cap of CAPS (default 250000,500000,1000000), REPS times each: the
// figures behind DEFAULT_CHAIN_PORT_LIMITS.maxCallGas (scripts/chainPort/limits.ts).
import { network } from "hardhat";
import { toQuantity } from "ethers";

/** A loop of 26-gas rounds that fits in `gas` with room for the call's own cost, then `end`. */
const countedLoop = (gas: number, end: string) => `0x62${Math.floor((gas - 60_000) / 26).toString(16).padStart(6, "0")}5b6001900380600457${end}`;

// A failed call costs several times a successful one: Hardhat builds a Solidity stack trace from
// the execution's trace. JUMPDEST; PUSH1 0; JUMP is the loop with the most steps per gas.
const CALLS: Record<string, (gas: number) => string> = {
  "loop, out of gas": () => "0x5b600056",
  "loop, then REVERT": (gas) => countedLoop(gas, "60006000fd"),
  "loop, then STOP": (gas) => countedLoop(gas, "00"),
};

async function millisecondsOf(data: string, gas: number): Promise<number> {
  const started = performance.now();
  await network.provider.request({ method: "eth_call", params: [{ data, gas: toQuantity(gas) }, "latest"] }).catch(() => undefined);
  return performance.now() - started;
}

async function main() {
  const caps = (process.env.CAPS ?? "250000,500000,1000000").split(",").map(Number);
  const reps = Number(process.env.REPS ?? 21);
  // The first calls pay for warming up (JIT, allocations), which a long-running chain has done.
  for (let i = 0; i < 3; i++) await millisecondsOf("0x5b600056", caps[0]!);
  const times = new Map<string, number[]>();
  // Interleaved, so that a burst of load elsewhere on the machine falls on every row alike.
  for (let rep = 0; rep < reps; rep++) {
    for (const gas of caps) {
      for (const [name, code] of Object.entries(CALLS)) {
        const key = `${name} at ${gas} gas`;
        times.set(key, [...(times.get(key) ?? []), await millisecondsOf(code(gas), gas)]);
      }
    }
  }
  for (const [key, runs] of times) {
    const sorted = runs.sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(0);
    console.log(`${key.padEnd(36)} median ${at(0.5).padStart(4)} ms   p90 ${at(0.9).padStart(4)} ms   max ${at(1).padStart(4)} ms`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
