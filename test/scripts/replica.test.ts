import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { idOf, sampleArticle } from "../helpers/articles";
import { npmStart, type NpmStart } from "../helpers/npmStart";
import { until } from "../helpers/until";

type Json = any; // The two services' answers, compared whole.

// Every fact of the chain; the domain check is what each service observed itself, at its own time.
const chainFacts = ({ publisher, ...answer }: Json) => (publisher ? { ...answer, publisher: { ...publisher, domainCheck: undefined } } : answer);

describe("npm start with READ_ONLY=1: a replica of an npm start primary", function () {
  this.timeout(5 * 60_000);
  let primary: NpmStart | undefined;
  let replica: NpmStart | undefined;
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-replica-start-"));
    dirs.push(dir);
    return dir;
  };

  before(async function () {
    primary = await npmStart({ DATA_DIR: tempDir(), ANCHOR_MODE: "batch", BATCH_SIZE: "4", BATCH_INTERVAL_MS: "100" });
    replica = await npmStart({
      DATA_DIR: tempDir(),
      READ_ONLY: "1",
      RPC_URL: primary.chainUrl,
      REGISTRY_ADDRESS: primary.printed("Registry"),
      BATCH_SOURCE: primary.base,
    });
  });
  after(async function () {
    await replica?.stop();
    await primary?.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("says what it is, and that it holds no key", function () {
    expect(replica!.child.output()).to.match(/Mode\s+read replica \(READ_ONLY=1\): no key/);
    expect(replica!.child.output()).to.match(new RegExp(`Article texts\\s+${primary!.base}`));
    expect(replica!.child.output()).not.to.match(/Admin token|Operator keys/);
  });

  it("answers verify and receipts for batched articles as the primary does, once its index reaches them", async function () {
    const articles = [0, 1, 2, 3, 4].map((i) => sampleArticle(3100 + i));
    for (const answer of await Promise.all(articles.map(async (article) => primary!.post("/v1/articles", await primary!.signAsDemo(article))))) {
      expect(answer.status).to.equal(201);
    }
    const lastBlock = Math.max(...(await Promise.all(articles.map(async (a) => (await primary!.getJson(`/v1/verify/${(await idOf(a)).cid}`)).blockNumber))));
    await until("the replica's index to reach the primary's last block", async () => ((await replica!.getJson("/healthz")).indexedBlock >= lastBlock ? true : undefined));
    for (const article of articles) {
      const { cid } = await idOf(article);
      for (const route of [`/v1/verify/${cid}`, `/v1/receipts/${cid}`]) {
        const [fromPrimary, fromReplica] = await Promise.all([primary!.getJson(route), replica!.getJson(route)]);
        expect(chainFacts(fromReplica), route).to.deep.equal(chainFacts(fromPrimary));
      }
    }
  });

  it("refuses a publication with 403 read_only, whatever it holds", async function () {
    const res = await replica!.post("/v1/articles", await primary!.signAsDemo(sampleArticle(3200)));
    expect(res.status).to.equal(403);
    expect(((await res.json()) as Json).error.code).to.equal("read_only");
  });
});
