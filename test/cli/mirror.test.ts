import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { startBatchedHistory, type BatchedHistory } from "../helpers/batchedHistory";
import { jsonOf, runCli, tempDir } from "./cli";

type MirrorAnswer = { fromBlock: number; toBlock: number; scannedTo: number; anchored: number; copied: string[]; alreadyHeld: number; missing: string[]; refused: { root: string; problem: string }[] };

describe("newsprov mirror", function () {
  let history: BatchedHistory;
  let dir: string;
  const mirror = (...more: string[]) => runCli(["mirror", dir, "--server", history.url, "--rpc", history.chain.url, ...more]);
  const rootsOf = (published: { root: string }[]) => [...new Set(published.map((p) => p.root))].sort();

  before(async function () {
    history = await startBatchedHistory();
    dir = tempDir();
  });
  after(async function () {
    await history?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("copies the file of every root the chain anchored, each as the service serves it", async function () {
    const run = await mirror("--json");
    expect(run.code, run.stderr).to.equal(0);
    const answer = jsonOf<MirrorAnswer>(run);
    expect([...answer.copied].sort()).to.deep.equal(rootsOf(history.first));
    expect(answer).to.deep.include({ anchored: answer.copied.length, alreadyHeld: 0, missing: [], refused: [] });
    for (const root of answer.copied) {
      const served = await (await fetch(`${history.url}/v1/batches/${root}`)).json();
      expect(JSON.parse(fs.readFileSync(path.join(dir, `${root}.json`), "utf8"))).to.deep.equal(served);
    }
  });

  it("reads only the blocks after its last run, and fetches only the new batch", async function () {
    const again = jsonOf<MirrorAnswer>(await mirror("--json"));
    expect(again).to.deep.include({ anchored: 0, copied: [], alreadyHeld: 0 });
    const later = await history.publishBatched(4);
    const run = await mirror();
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(new RegExp(`Blocks read\\s+${again.toBlock + 1} to \\d+`));
    expect(run.stdout).to.match(new RegExp(`Copied\\s+${rootsOf(later).length}\\n`));
    for (const root of rootsOf(later)) expect(fs.existsSync(path.join(dir, `${root}.json`))).to.equal(true);
  });

  it("refuses a file that does not rebuild its root, keeps nothing of it, and asks again next run", async function () {
    const [published] = await history.publishBatched(1);
    const served = path.join(history.dataDir, "batches", `${published!.root}.json`);
    const sound = fs.readFileSync(served, "utf8");
    const tampered = JSON.parse(sound);
    tampered.leaves[0].contentHash = `0x${"ab".repeat(32)}`;
    fs.writeFileSync(served, JSON.stringify(tampered));

    const refused = await mirror();
    expect(refused.code).to.equal(1);
    expect(refused.stdout).to.contain(`REFUSED ${published!.root}: its leaves rebuild the root`);
    expect(fs.existsSync(path.join(dir, `${published!.root}.json`))).to.equal(false);

    fs.writeFileSync(served, sound);
    const retried = jsonOf<MirrorAnswer>(await mirror("--json"));
    expect(retried.copied).to.deep.equal([published!.root]);
    expect(retried.refused).to.deep.equal([]);
  });

  it("refuses a directory that mirrors another registry", async function () {
    const state = path.join(dir, "mirror-state.json");
    const saved = fs.readFileSync(state, "utf8");
    fs.writeFileSync(state, saved.replace(/"registry": "0x[0-9a-fA-F]{40}"/, `"registry": "0x${"11".repeat(20)}"`));
    const run = await mirror();
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/^newsprov: mirror stopped: .* mirrors the registry 0x1111/);
    fs.writeFileSync(state, saved);
  });
});
