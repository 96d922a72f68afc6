import { expect } from "chai";
import { Interface, type Provider } from "ethers";
import { auditRegistry, REGISTRY_ABI, type Hex } from "../../protocol";

// The ArticleRegistry refuses a fork, a correction or a retraction of an unknown version, so no
// real chain can show these violations (test/cli/audit.test.ts plants those a relayer can): the
// registry here is another implementation that kept no rule, its logs played by a stand-in node.

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Hex;
const registryInterface = new Interface(REGISTRY_ABI);
const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;
const KEY = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

function nodeWithEvents(events: [name: string, values: unknown[]][]): Provider {
  const logs = events.map(([name, values], i) => ({
    ...registryInterface.encodeEventLog(name, values),
    address: REGISTRY,
    blockNumber: i + 1,
    index: 0,
    transactionHash: hash(1000 + i),
  }));
  const node = {
    getNetwork: async () => ({ chainId: 31337n }),
    getBlockNumber: async () => logs.length,
    getLogs: async ({ fromBlock, toBlock }: { fromBlock: number; toBlock: number }) =>
      logs.filter((log) => log.blockNumber >= fromBlock && log.blockNumber <= toBlock),
  };
  return node as unknown as Provider;
}

const audit = (events: [string, unknown[]][]) =>
  auditRegistry({ provider: nodeWithEvents(events), registry: REGISTRY, batches: { kind: "directory", dir: "/nonexistent" } });

describe("protocol: auditRegistry, on a registry that broke the rules its contract cannot", function () {
  const registered: [string, unknown[]] = ["PublisherRegistered", [1, KEY, "Demo Newsroom", "demo.example"]];
  const anchored = (n: number, previous = 0): [string, unknown[]] => ["ArticleAnchored", [hash(n), 1, KEY, hash(previous), 0]];

  it("finds a version corrected twice", async function () {
    const { violations, counts } = await audit([registered, anchored(1), anchored(2, 1), anchored(3, 1)]);
    expect(counts).to.deep.include({ directAnchors: 3, corrections: 2 });
    expect(violations).to.have.length(1);
    expect(violations[0]).to.deep.include({ rule: "two_successors", contentHash: hash(3), blockNumber: 4 });
  });

  it("finds a correction and a retraction of versions never anchored", async function () {
    const { violations } = await audit([registered, anchored(2, 7), ["ArticleRetracted", [hash(8), 1, "wrong", 0]]]);
    expect(violations.map((v) => v.rule)).to.deep.equal(["correction_of_unanchored", "retraction_of_unanchored"]);
  });

  it("finds a content hash anchored twice directly", async function () {
    const { violations } = await audit([registered, anchored(1), anchored(1)]);
    expect(violations.map((v) => [v.rule, v.blockNumber])).to.deep.equal([["duplicate_content_hash", 3]]);
  });

  it("finds a recorded batch leaf that no batch file holds", async function () {
    const { violations } = await audit([registered, ["BatchLeafRecorded", [hash(5), hash(99), 1, KEY]]]);
    expect(violations.map((v) => v.rule)).to.deep.equal(["recorded_leaf_not_in_batch"]);
  });

  it("reads a history that kept every rule without a violation", async function () {
    const { violations } = await audit([registered, anchored(1), anchored(2, 1), ["ArticleRetracted", [hash(2), 1, "wrong", 0]]]);
    expect(violations).to.deep.equal([]);
  });
});
