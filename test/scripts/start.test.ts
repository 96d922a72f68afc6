import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { frenchArticle } from "../helpers/articles";
import { npmStart, type NpmStart } from "../helpers/npmStart";

type Json = any; // The answers are checked field by field below.

describe("npm start (scripts/start.ts)", function () {
  let service: NpmStart;
  let dataDir: string;

  before(async function () {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-start-"));
    service = await npmStart({ DATA_DIR: dataDir, ADMIN_TOKEN: "start-test-admin-token" });
  });
  after(async function () {
    await service?.child.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints the URLs, the registry and the demo publisher, and never the admin token it was given", function () {
    const output = service.child.output();
    expect(output).to.match(/API\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(output).to.match(/Registry\s+0x[0-9a-fA-F]{40}/);
    expect(output).to.contain("Demo Newsroom (demo.example) 0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    // A token the operator chose is a secret they already know: it stays out of the output.
    expect(output).to.match(/Admin token\s+\(from ADMIN_TOKEN\)/);
    expect(output).to.not.contain("start-test-admin-token");
  });

  it("serves the embedded chain over JSON-RPC", async function () {
    const res = await fetch(service.chainUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    expect(((await res.json()) as { result: string }).result).to.equal("0x7a69");
  });

  it("builds the reader's page and serves it at /", async function () {
    const res = await fetch(`${service.base}/`);
    expect(res.headers.get("content-type")).to.equal("text/html; charset=utf-8");
    expect(await res.text()).to.contain('<script type="module" src="main.js">');
    expect((await fetch(`${service.base}/main.js`)).status).to.equal(200);
  });

  it("lets a newcomer publish the fixture with the demo key and verify it; a tampered copy fails", async function () {
    const article = frenchArticle();
    const published = await service.post("/v1/articles", await service.signAsDemo(article));
    expect(published.status).to.equal(201);
    const record = (await published.json()) as Json;
    expect(record.publisher.name).to.equal("Demo Newsroom");
    expect((await service.getJson(`/v1/verify/${record.cid}`)).verified).to.equal(true);

    const tampered = { ...article, body: article.body.replace("600 millions", "700 millions") };
    expect(((await (await service.post("/v1/verify", { article: tampered })).json()) as Json).verified).to.equal(false);
  });

  it("stops the service and the chain cleanly on Ctrl-C, freeing both ports", async function () {
    await service.stop();
    for (const url of [service.base, service.chainUrl]) {
      const refused = await fetch(url).then(() => false, () => true);
      expect(refused, `${url} still answers`).to.equal(true);
    }
  });
});
