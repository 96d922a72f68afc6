import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { Wallet, type BaseWallet } from "ethers";
import { batchFileOf, buildBatchTree, NO_PREVIOUS, type AuditReport, type BatchLeaf, type ContentHash, type Hex } from "../../protocol";
import { idOf, sampleArticle } from "../helpers/articles";
import { startBatchedHistory, type BatchedHistory } from "../helpers/batchedHistory";
import { KEY_1, startExternalChain } from "../helpers/externalChain";
import { KEY_3 } from "../helpers/keys";
import { signPublication } from "../helpers/registry";
import { jsonOf, runCli, tempDir } from "./cli";

describe("newsprov audit", function () {
  describe("a registry that kept every rule", function () {
    let history: BatchedHistory;
    let mirrorDir: string;
    const audit = (batches: string, ...more: string[]) =>
      runCli(["audit", "--rpc", history.chain.url, "--registry", history.chain.deployment.address, "--batches", batches, ...more]);

    before(async function () {
      history = await startBatchedHistory();
      mirrorDir = tempDir();
      const mirrored = await runCli(["mirror", mirrorDir, "--server", history.url, "--rpc", history.chain.url]);
      expect(mirrored.code, mirrored.stderr).to.equal(0);
    });
    after(async function () {
      await history?.stop();
      fs.rmSync(mirrorDir, { recursive: true, force: true });
    });

    it("counts everything from a mirror directory and exits 0", async function () {
      const run = await audit(mirrorDir, "--json");
      expect(run.code, run.stdout + run.stderr).to.equal(0);
      const { counts, violations } = jsonOf<AuditReport>(run);
      expect(violations).to.deep.equal([]);
      expect(counts).to.deep.include({ publishers: 1, batchLeaves: 8, directAnchors: 1, corrections: 1, retractions: 1, recordedLeaves: 1 });
      expect(counts.batches).to.equal(new Set(history.first.map((p) => p.root)).size);
    });

    it("reads the batch files from the service's URL as well, and says every rule holds", async function () {
      const run = await audit(history.url);
      expect(run.code, run.stdout + run.stderr).to.equal(0);
      expect(run.stdout).to.match(/Batches\s+\d+ \(8 leaves, 1 recorded\)/);
      expect(run.stdout).to.contain("Every rule holds.");
    });

    it("names a batch whose file no source has, and exits 1", async function () {
      const empty = tempDir();
      const run = await audit(empty, "--json");
      fs.rmSync(empty, { recursive: true, force: true });
      expect(run.code).to.equal(1);
      expect(jsonOf<AuditReport>(run).violations.map((v) => v.rule)).to.include("batch_file_missing");
    });
  });

  describe("a registry with planted violations, anchored by a relayer in the test", function () {
    let chain: Awaited<ReturnType<typeof startExternalChain>>;
    let dir: string;
    let report: AuditReport;
    let run: Awaited<ReturnType<typeof runCli>>;
    const planted: Record<string, { root: Hex; contentHash: ContentHash }> = {};
    let n = 0;

    const signedLeaf = async (key: BaseWallet, publisher = key.address as Hex): Promise<BatchLeaf> => {
      const { contentHash } = await idOf(sampleArticle(9000 + n++));
      const signature = await signPublication(key, chain.deployment.address, 31337n, { contentHash, previous: NO_PREVIOUS });
      return { contentHash, publisher, previous: NO_PREVIOUS, signature };
    };
    /** Anchors the leaves' root as the relayer (the registry does not look inside a batch), and writes its file. */
    const anchorBatch = async (name: string, leaves: BatchLeaf[], file: (root: Hex) => unknown = (root) => batchFileOf(root, { chainId: 31337, registry: chain.deployment.address }, leaves)) => {
      const { root } = buildBatchTree(leaves);
      await (await chain.registry.anchorBatch(root, leaves.length)).wait();
      fs.writeFileSync(path.join(dir, `${root}.json`), JSON.stringify(file(root)));
      planted[name] = { root, contentHash: leaves[0]!.contentHash };
    };

    before(async function () {
      chain = await startExternalChain();
      dir = tempDir();
      const demo = new Wallet(KEY_1);
      await anchorBatch("sound", [await signedLeaf(demo), await signedLeaf(demo)]);
      // A leaf changed after its root was anchored: the file no longer rebuilds it.
      const changed = [await signedLeaf(demo), await signedLeaf(demo)];
      await anchorBatch("tampered", changed, (root) => ({
        ...batchFileOf(root, { chainId: 31337, registry: chain.deployment.address }, changed),
        leaves: [{ ...changed[0]!, contentHash: `0x${"ab".repeat(32)}` }, changed[1]],
      }));
      await anchorBatch("never registered", [await signedLeaf(Wallet.createRandom())]);
      // The demo publisher's address as the leaf's publisher, signed by another key.
      await anchorBatch("not its signature", [await signedLeaf(new Wallet(KEY_3), demo.address as Hex)]);
      // A content hash the demo publisher anchored already, put in a batch again.
      const again = await signedLeaf(demo);
      await (await chain.registry.anchor(again.contentHash, NO_PREVIOUS, again.publisher, again.signature)).wait();
      await anchorBatch("anchored twice", [again]);
      // A publisher revoked before the batch.
      const revoked = new Wallet(KEY_3);
      await (await chain.registry.registerPublisher(revoked.address, "Gone Daily", "gone.example")).wait();
      await (await chain.registry.revokePublisher(2)).wait();
      await anchorBatch("revoked", [await signedLeaf(revoked)]);

      run = await runCli(["audit", "--rpc", chain.url, "--registry", chain.deployment.address, "--batches", dir, "--json"]);
      report = jsonOf<AuditReport>(run);
    });
    after(async function () {
      await chain?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const violationsOf = (name: string) => report.violations.filter((v) => v.root === planted[name]!.root);

    it("exits 1 and finds nothing wrong with the sound batch", function () {
      expect(run.code).to.equal(1);
      expect(violationsOf("sound")).to.deep.equal([]);
      expect(report.counts).to.deep.include({ batches: 6, directAnchors: 1, publishers: 2, revocations: 1 });
    });

    it("finds the tampered batch file", function () {
      expect(violationsOf("tampered").map((v) => v.rule)).to.deep.equal(["batch_file_invalid"]);
      expect(violationsOf("tampered")[0]!.message).to.contain("its leaves rebuild the root");
    });

    it("finds the leaf that a never-registered key signed", function () {
      const [violation, ...more] = violationsOf("never registered");
      expect(more).to.deep.equal([]);
      expect(violation).to.deep.include({ rule: "publisher_not_active", contentHash: planted["never registered"]!.contentHash });
      expect(violation!.message).to.contain("was never registered");
    });

    it("finds the leaf whose signature is not its publisher's", function () {
      expect(violationsOf("not its signature").map((v) => v.rule)).to.deep.equal(["leaf_signature_invalid"]);
    });

    it("finds the content hash anchored twice, directly then in a batch", function () {
      expect(violationsOf("anchored twice").map((v) => v.rule)).to.deep.equal(["duplicate_content_hash"]);
    });

    it("finds the leaf of a publisher revoked before its batch", function () {
      const [violation] = violationsOf("revoked");
      expect(violation).to.deep.include({ rule: "publisher_not_active" });
      expect(violation!.message).to.match(/publisher 2 was revoked at block \d+/);
    });

    it("names each violation in one line without --json", async function () {
      const human = await runCli(["audit", "--rpc", chain.url, "--registry", chain.deployment.address, "--batches", dir]);
      expect(human.code).to.equal(1);
      expect(human.stdout.match(/^ {2}VIOLATION /gm)).to.have.length(report.violations.length);
      expect(human.stdout).to.contain(`${report.violations.length} violations.`);
    });
  });
});
