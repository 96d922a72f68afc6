import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import Database from "better-sqlite3";
import pino from "pino";
import { ChainFollower } from "../../server/chain/chainFollower";
import { RegistryReader } from "../../server/chain/registryReader";
import { batchLeavesOf } from "../helpers/batchLeaves";
import { identifyArticle, parseArticle, protocolDomain } from "../../protocol";
import { BatchStore } from "../../server/store/batches";
import { ChainIndex } from "../../server/store/chainIndex";
import { openDatabase } from "../../server/store/database";
import { signedArticles } from "../../scripts/bench/signedArticles";
import { KEY_0, startExternalChain } from "../helpers/externalChain";
import { freePort, HARDHAT_BIN, startChild, type Child } from "../helpers/processes";

const ARTICLES = 1_000;
const KILLS = 5;

/**
 * The service as a child process on an external chain, under a publish load, killed with SIGKILL
 * at random points and restarted each time (alternating direct and batch mode, waiting and not).
 */
describe("crash safety: kill -9 under load", function () {
  this.timeout(15 * 60_000);
  let chain: Awaited<ReturnType<typeof startExternalChain>>;
  let dataDir: string;

  before(async function () {
    chain = await startExternalChain();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-crash-"));
  });
  after(async function () {
    await chain?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`loses no acknowledged article across ${KILLS} kills, anchors none twice, and its index equals a rebuild from the chain`, async function () {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const start = (run: number): Promise<Child> =>
      startChild(
        [HARDHAT_BIN, "run", "scripts/start.ts"],
        {
          PORT: String(port),
          DATA_DIR: dataDir,
          RPC_URL: chain.url,
          REGISTRY_ADDRESS: chain.deployment.address,
          REGISTRY_START_BLOCK: String(chain.deployment.blockNumber),
          RELAYER_PRIVATE_KEY: KEY_0, // Hardhat's public test key #0
          ANCHOR_MODE: run % 2 === 0 ? "batch" : "direct",
          BATCH_SIZE: "32",
          BATCH_INTERVAL_MS: "200",
          INDEXER_POLL_MS: "200",
          WRITE_RATE_LIMIT_PER_MINUTE: "0",
          LOG_LEVEL: "warn",
        },
        /Press Ctrl-C to stop/,
      );

    const bodies = await signedArticles(protocolDomain(31337n, chain.deployment.address), 0, ARTICLES);
    const cids = await Promise.all(
      bodies.map(async (body) => {
        const parsed = parseArticle((JSON.parse(body) as { article: unknown }).article);
        if (!parsed.success) throw new Error("invalid test article");
        return (await identifyArticle(parsed.article)).cid;
      }),
    );
    const acknowledged = new Set<number>();
    let run = 0;
    let service = await start(run);
    let next = 0;
    let killed = 0;
    const killAt = Array.from({ length: KILLS }, (_, i) => Math.floor(((i + 1) * ARTICLES) / (KILLS + 1) + (Math.random() - 0.5) * 80));

    // Publish every article at least once, with 8 concurrent clients; a kill fails the requests in flight.
    while (acknowledged.size < ARTICLES) {
      const pending = Array.from({ length: ARTICLES }, (_, i) => i).filter((i) => !acknowledged.has(i));
      let cursor = 0;
      const client = async () => {
        while (cursor < pending.length) {
          const i = pending[cursor++]!;
          const query = i % 3 === 0 ? "" : "?wait=false";
          try {
            const res = await fetch(`${base}/v1/articles${query}`, { method: "POST", headers: { "content-type": "application/json" }, body: bodies[i] });
            if (res.status === 201 || res.status === 202 || res.status === 409) acknowledged.add(i);
            else if (res.status !== 503) throw new Error(`article ${i}: ${res.status} ${await res.text()}`);
          } catch (error) {
            if (error instanceof Error && error.message.startsWith("article")) throw error;
            return; // The service is gone: this client stops until it is restarted.
          }
          next++;
          if (killed < KILLS && next >= killAt[killed]!) {
            killed++;
            await service.stop("SIGKILL");
            return;
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, client));
      if (service.process.exitCode === null && service.process.signalCode === null && acknowledged.size === ARTICLES) break;
      await service.stop("SIGKILL").catch(() => undefined);
      service = await start(++run);
    }
    expect(killed).to.equal(KILLS);

    // Every acknowledged article is anchored and verified, once the last run has drained its journal.
    const deadline = Date.now() + 120_000;
    let unverified: string[] = [];
    do {
      unverified = [];
      for (const cid of cids) {
        const answer = (await (await fetch(`${base}/v1/verify/${cid}`)).json()) as { verified: boolean };
        if (!answer.verified) unverified.push(cid);
      }
      if (unverified.length > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
    } while (unverified.length > 0 && Date.now() < deadline);
    expect(unverified, "acknowledged articles that do not verify").to.deep.equal([]);
    await service.stop("SIGINT");

    // No content hash anchored twice: directly and in a batch, or in two anchored batches.
    const registry = chain.registry;
    const direct = (await registry.queryFilter(registry.filters.ArticleAnchored())).map((e) => e.args.contentHash);
    const roots = (await registry.queryFilter(registry.filters.BatchAnchored())).map((e) => e.args.root);
    const dbFile = fs.readdirSync(dataDir).find((f) => f.endsWith(".sqlite"))!;
    const live = new Database(path.join(dataDir, dbFile), { readonly: true });
    const batched = roots.flatMap((root) =>
      live.prepare<[string], { contentHash: string }>("SELECT content_hash AS contentHash FROM batch_leaves WHERE root = ?").all(root).map((r) => r.contentHash),
    );
    const all = [...direct, ...batched];
    expect(new Set(all).size, "a content hash anchored twice").to.equal(all.length);

    // The index equals one rebuilt from the chain's events alone (and the stored batch leaves).
    const liveAnchors = live.prepare("SELECT * FROM anchors ORDER BY content_hash").all();
    const copy = path.join(dataDir, "rebuild.sqlite");
    await live.backup(copy);
    live.close();
    const rebuiltDb = openDatabase(copy);
    const index = new ChainIndex(rebuiltDb);
    index.clear();
    const reader = await RegistryReader.open(chain.provider, chain.deployment.address);
    await new ChainFollower({
      registry: reader,
      chainIndex: index,
      batchLeaves: batchLeavesOf(rebuiltDb, reader),
      startBlock: chain.deployment.blockNumber,
      confirmations: 0,
      pollMs: 100,
      logger: pino({ level: "silent" }),
    }).sync();
    expect(rebuiltDb.prepare("SELECT * FROM anchors ORDER BY content_hash").all()).to.deep.equal(liveAnchors);
    expect(liveAnchors.length).to.equal(ARTICLES);
    rebuiltDb.close();
    console.log(`        ${ARTICLES} articles, ${killed} kills survived, ${run + 1} runs, 0 lost, ${direct.length} direct anchors, ${roots.length} batches`);
  });
});
