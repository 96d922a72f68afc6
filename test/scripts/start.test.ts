import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Wallet } from "ethers";
import { frenchArticle } from "../helpers/articles";
import { freePort, HARDHAT_BIN, startChild, type Child } from "../helpers/processes";

// Hardhat's well-known public test key #1: the demo publisher of `npm start`. Not a secret.
const DEMO_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

describe("npm start (scripts/start.ts)", function () {
  let child: Child;
  let base: string;
  let dataDir: string;

  before(async function () {
    const [port, chainPort] = [await freePort(), await freePort()];
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-start-"));
    child = await startChild(
      [HARDHAT_BIN, "run", "scripts/start.ts"],
      { PORT: String(port), CHAIN_PORT: String(chainPort), DATA_DIR: dataDir, ADMIN_TOKEN: "start-test-admin-token", LOG_LEVEL: "warn" },
      /Press Ctrl-C to stop/,
    );
    base = `http://127.0.0.1:${port}`;
  });
  after(async function () {
    await child?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints the URLs, the registry and the demo publisher, and never the admin token it was given", function () {
    const output = child.output();
    expect(output).to.match(/API\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(output).to.match(/Registry\s+0x[0-9a-fA-F]{40}/);
    expect(output).to.contain("Demo Newsroom (demo.example) 0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    // A token the operator chose is a secret they already know: it stays out of the output.
    expect(output).to.match(/Admin token\s+\(from ADMIN_TOKEN\)/);
    expect(output).to.not.contain("start-test-admin-token");
  });

  const chainUrl = () => /Chain\s+(http:\/\/\S+)/.exec(child.output())![1]!;

  it("serves the embedded chain over JSON-RPC", async function () {
    const res = await fetch(chainUrl(), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    expect(((await res.json()) as { result: string }).result).to.equal("0x7a69");
  });

  it("builds the reader's page and serves it at /", async function () {
    const res = await fetch(`${base}/`);
    expect(res.headers.get("content-type")).to.equal("text/html; charset=utf-8");
    expect(await res.text()).to.contain('<script type="module" src="main.js">');
    expect((await fetch(`${base}/main.js`)).status).to.equal(200);
  });

  it("lets a newcomer publish the fixture with the demo key and verify it; a tampered copy fails", async function () {
    type Json = any; // The answers are checked field by field below.
    const post = (route: string, body: unknown) =>
      fetch(`${base}${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const json = (res: Response): Promise<Json> => res.json();
    const article = frenchArticle();
    const { domain, types } = await json(await fetch(`${base}/v1/domain`));
    const { contentHash, cid } = await json(await post("/v1/hash", { article }));
    const signature = await new Wallet(DEMO_KEY).signTypedData(domain, types, { contentHash, previous: `0x${"00".repeat(32)}` });

    const published = await post("/v1/articles", { article, signature });
    expect(published.status).to.equal(201);
    expect((await json(published)).publisher.name).to.equal("Demo Newsroom");
    expect((await json(await fetch(`${base}/v1/verify/${cid}`))).verified).to.equal(true);

    const tampered = { ...article, body: article.body.replace("600 millions", "700 millions") };
    expect((await json(await post("/v1/verify", { article: tampered }))).verified).to.equal(false);
  });

  it("stops the service and the chain cleanly on Ctrl-C, freeing both ports", async function () {
    await child.stop("SIGINT");
    await child.waitFor(/Stopped\./, 10_000);
    for (const url of [base, chainUrl()]) {
      const refused = await fetch(url).then(() => false, () => true);
      expect(refused, `${url} still answers`).to.equal(true);
    }
  });
});
