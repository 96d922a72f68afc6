import fs from "node:fs";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Wallet } from "ethers";
import type { Browser, Page } from "playwright-core";
import request from "supertest";
import { buildWeb } from "../../scripts/buildWeb";
import { englishArticle, frenchArticle, idOf, sampleArticle } from "../helpers/articles";
import { launchChromium } from "../helpers/browser";
import { signRetraction } from "../helpers/registry";
import { parseStatementOrigins, type Hex } from "../../protocol";
import { startTestService, TEST_ADMIN_TOKEN } from "../helpers/service";
import { serve, startStatementServer, statementOf, type StatementServer } from "../helpers/statementServer";
import { checkQuote, lookUpCid, pasteArticle, readVerdict, scrollsSideways } from "../helpers/verificationPage";

const FIXTURES = path.join(__dirname, "..", "fixtures");

describe("The reader's verification page (web/)", function () {
  let browser: Browser;
  let ctx: Awaited<ReturnType<typeof startTestService>>;
  let server: Server;
  let base: string;
  let webRoot: string;
  let page: Page;
  let pageErrors: string[] = [];
  let requests: string[] = [];
  let newsroom: StatementServer;

  before(async function () {
    // First, so that a machine without the browser fails here, before anything else runs.
    browser = await launchChromium();
    // Not dist/web: a developer's `npm start` may be serving that folder.
    webRoot = await buildWeb(fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-web-")));
    // Le Quotidien's web server, on loopback: its /.well-known/newsprov.json confirms its key.
    newsroom = await startStatementServer();
    ctx = await startTestService({ webRoot, domainChecks: { intervalMs: 0, origins: parseStatementOrigins(`quotidien.example=${newsroom.origin}`) } });
    await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(frenchArticle())).expect(201);
    server = ctx.app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async function () {
    await browser?.close();
    if (server) await new Promise((resolve) => server.close(resolve));
    await ctx?.service.close();
    await newsroom?.close();
    if (webRoot) fs.rmSync(webRoot, { recursive: true, force: true });
  });

  /**
   * A new page on `path`, recording every request it makes and its errors: uncaught exceptions,
   * and console errors such as Content-Security-Policy violations. The browser's own log of an
   * error answer (a 400 for a malformed CID) is expected, not an error of the page.
   */
  async function open(path = "/", viewport = { width: 1100, height: 900 }): Promise<Page> {
    page = await browser.newPage({ viewport });
    pageErrors = [];
    requests = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    // Chromium logs CSP violations to the console, but not through the page's console API.
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (event) => console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI))",
    );
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) pageErrors.push(message.text());
    });
    page.on("request", (sent) => requests.push(`${sent.method()} ${sent.url()}`));
    await page.goto(base + path);
    return page;
  }

  afterEach(async function () {
    await page?.close();
    expect(pageErrors, "errors in the page").to.deep.equal([]);
    pageErrors = [];
  });

  describe("serving", function () {
    it("serves the page as UTF-8 HTML at /, and the API's JSON 404 elsewhere", async function () {
      const res = await request(ctx.app).get("/").expect(200);
      expect(res.headers["content-type"]).to.equal("text/html; charset=utf-8");
      expect(res.text).to.contain('<html lang="en">');
      const missing = await request(ctx.app).get("/no-such-page").expect(404);
      expect(missing.body.error.code).to.equal("not_found");
    });

    it("loads everything from the service itself: no CDN, no other origin", async function () {
      await open();
      await page.getByRole("heading", { name: "Verify an article" }).waitFor();
      await page.waitForLoadState("networkidle");
      expect(requests.filter((sent) => !sent.startsWith(`GET ${base}/`))).to.deep.equal([]);
      expect(requests).to.include(`GET ${base}/main.js`);
    });
  });

  describe("paste the text", function () {
    it("verifies the French article as published by Demo Newsroom, computing its CID in the browser", async function () {
      const article = frenchArticle();
      const { cid } = await idOf(article);
      await open();
      const verdict = await pasteArticle(page, article);

      expect(verdict.state).to.equal("verified");
      expect(verdict.text).to.contain("Verified by Demo Newsroom (demo.example)");
      expect(verdict.text).to.contain("the chain records this exact text, word for word, as signed with the key registered");
      // The demo publisher's key is Hardhat's public test key #1: the badge must not let it pass for a newsroom's word.
      expect(verdict.text).to.contain("Demo identity: its key is public, anyone can sign as it.");
      expect(verdict.text).to.match(/Anchored .+ in block \d+ on chain 31337\./);
      expect(verdict.text).to.match(/Transaction 0x[0-9a-f]{64}/);
      expect(verdict.text).to.contain("This is the current version.");
      // The service was asked about the CID only; the text never left the browser.
      expect(requests.filter((sent) => sent.includes("/v1/"))).to.include(`GET ${base}/v1/verify/${cid}`);
      expect(requests.filter((sent) => sent.startsWith("POST"))).to.deep.equal([]);
      expect(await page.locator("#result-details").innerText()).to.contain("This is the only version");
    });

    it("shows the French title as written, typographic apostrophes included, marked lang=fr", async function () {
      const article = frenchArticle();
      expect(article.title).to.contain("’");
      await open();
      await pasteArticle(page, article);
      const title = page.locator(".checked-title cite");
      expect(await title.getAttribute("lang")).to.equal("fr");
      expect(await title.textContent()).to.equal(article.title);
    });

    it("fails a tampered copy: 600 millions changed to 700 millions", async function () {
      const article = frenchArticle();
      await open();
      const verdict = await pasteArticle(page, { ...article, body: article.body.replace("600 millions", "700 millions") });
      expect(verdict.state).to.equal("unverified");
      expect(verdict.text).to.contain("Not verified");
      expect(verdict.text).to.contain("No publisher anchored this exact text");
      expect(verdict.text).not.to.contain("Demo Newsroom");
    });

    it("lists what keeps an incomplete article from having a CID", async function () {
      await open();
      const verdict = await pasteArticle(page, { ...frenchArticle(), publishedAt: "12 juin 2024" });
      expect(verdict.state).to.equal("invalid");
      expect(verdict.text).to.contain("Published at:");
    });
  });

  describe("open a file", function () {
    it("verifies a .json article file chosen from the disk", async function () {
      await open();
      await page.getByRole("tab", { name: "Open a file" }).click();
      await page.getByLabel("Choose an article file, or drop it here").setInputFiles(path.join(FIXTURES, "mistral-ai-funding.fr.json"));
      const verdict = await readVerdict(page);
      expect(verdict.state).to.equal("verified");
      expect(verdict.text).to.contain("Verified by Demo Newsroom (demo.example)");
    });

    it("says why a file is not an article", async function () {
      await open();
      await page.getByRole("tab", { name: "Open a file" }).click();
      await page.getByLabel("Choose an article file, or drop it here").setInputFiles({ name: "notes.md", mimeType: "text/markdown", buffer: Buffer.from("# No front matter\n") });
      const verdict = await readVerdict(page);
      expect(verdict.state).to.equal("error");
      expect(verdict.text).to.contain("YAML front matter");
    });
  });

  describe("enter a CID", function () {
    it("looks up the CID and names the article it belongs to", async function () {
      const { cid } = await idOf(frenchArticle());
      await open();
      const verdict = await lookUpCid(page, cid);
      expect(verdict.state).to.equal("verified");
      expect(verdict.text).to.contain("Verified by Demo Newsroom (demo.example)");
      expect(await page.locator(".checked-title cite").textContent()).to.equal(frenchArticle().title);
    });

    it("opens on the CID of a /?cid= link", async function () {
      const { cid } = await idOf(frenchArticle());
      await open(`/?cid=${cid}`);
      expect((await readVerdict(page)).state).to.equal("verified");
      expect(await page.getByLabel("Article CID or content hash").inputValue()).to.equal(cid);
    });

    it("reports a CID no publisher anchored, and one that is not a CID", async function () {
      const { cid } = await idOf({ ...frenchArticle(), title: "Autre titre" });
      await open();
      expect(await lookUpCid(page, cid)).to.include({ state: "unverified" });
      const malformed = await lookUpCid(page, "not-a-cid");
      expect(malformed.state).to.equal("error");
      expect(malformed.text).to.contain("Could not check");
    });
  });

  describe("check a quote", function () {
    it("finds a quote typed with straight apostrophes and marks it in its paragraph", async function () {
      await open();
      const verdict = await checkQuote(page, "Ces modèles d'IA, connus pour leurs applications dans les chatbots");
      expect(verdict.state).to.equal("verified");
      expect(verdict.text).to.contain("Found in an anchored article");
      expect(await page.locator(".source mark").textContent()).to.equal("Ces modèles d’IA, connus pour leurs applications dans les chatbots");
      expect(await page.locator(".source blockquote").getAttribute("lang")).to.equal("fr");
    });

    it("finds a quote typed with a plain space where the article has a no-break space, and shows the article's", async function () {
      await open();
      expect(frenchArticle().body).to.contain("RUPTURE\u00a0: Mistral");
      expect((await checkQuote(page, "RUPTURE : Mistral lève une série B")).state).to.equal("verified");
      expect(await page.locator(".source mark").textContent()).to.equal("RUPTURE\u00a0: Mistral lève une série B");
    });

    it("marks the words of a tampered quote", async function () {
      await open();
      const verdict = await checkQuote(page, "a récemment conclu un important tour de table, levant 700 millions d'euros");
      expect(verdict.state).to.equal("unverified");
      expect(verdict.text).to.contain("Not found as quoted");
      expect(verdict.text).to.contain("Demo Newsroom (demo.example)");
      expect(await page.locator(".source .diff del").allTextContents()).to.deep.equal(["[removed: 600]"]);
      expect(await page.locator(".source .diff ins").allTextContents()).to.deep.equal(["[added: 700]"]);
    });
  });

  describe("corrections", function () {
    const original = englishArticle();
    const corrected = { ...original, body: original.body.replace("voted 31 to 18", "voted 32 to 17") };

    before(async function () {
      await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(original)).expect(201);
      const { contentHash } = await idOf(original);
      await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(corrected, ctx.publisher, contentHash)).expect(201);
    });

    it("marks a dropped .md file as superseded, and its link leads to the corrected version", async function () {
      await open();
      await page.getByRole("tab", { name: "Open a file" }).click();
      const markdown = fs.readFileSync(path.join(FIXTURES, "harbour-tram-vote.en.md"), "utf8");
      const dataTransfer = await page.evaluateHandle(
        `(() => { const data = new DataTransfer(); data.items.add(new File([${JSON.stringify(markdown)}], "harbour-tram-vote.en.md")); return data; })()`,
      );
      await page.dispatchEvent("#drop-zone", "drop", { dataTransfer });
      const verdict = await readVerdict(page);
      expect(verdict.state).to.equal("superseded");
      // The status first; the publisher as history, never as a present "verified by".
      expect(verdict.text).to.match(/^\W*Superseded by a correction\n/);
      expect(verdict.text).to.match(/Published by Demo Newsroom \(demo\.example\) on .+; this is not its current word\./);
      expect(verdict.text).to.not.contain("Verified by");
      expect(verdict.text).to.contain("It shows who published the text, not that the text is true.");
      expect(verdict.text).to.contain("A correction replaced this version.");

      await page.getByRole("link", { name: "See the latest version" }).click();
      const latest = await readVerdict(page);
      expect(latest.state).to.equal("verified");
      expect(latest.text).to.contain("This is the current version.");
      expect(page.url()).to.equal(`${base}/?cid=${(await idOf(corrected)).cid}`);
    });

    it("shows the version history with the corrected words highlighted", async function () {
      await open(`/?cid=${(await idOf(corrected)).cid}`);
      await readVerdict(page);
      const history = page.locator(".history");
      expect(await history.locator(".version").count()).to.equal(2);
      expect(await history.locator(".version").first().innerText()).to.contain("superseded");
      expect(await history.locator("del").allTextContents()).to.deep.equal(["[removed: 31]", "[removed: 18]"]);
      expect(await history.locator("ins").allTextContents()).to.deep.equal(["[added: 32]", "[added: 17]"]);
    });
  });

  describe("retractions", function () {
    it("says an article was retracted, and why", async function () {
      const article = sampleArticle(1);
      const { cid, contentHash } = await idOf(article);
      const reason = "Les chiffres cités n’étaient pas vérifiés.";
      await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(article)).expect(201);
      const signature = await signRetraction(ctx.publisher, ctx.deployment.address, ctx.chainId, { contentHash, reason });
      await request(ctx.app).post(`/v1/articles/${cid}/retraction`).send({ reason, signature }).expect(200);

      await open();
      const verdict = await lookUpCid(page, cid);
      expect(verdict.state).to.equal("retracted");
      expect(verdict.text).to.match(/^\W*Retracted by its publisher\n/);
      expect(verdict.text).to.match(/Published by Demo Newsroom \(demo\.example\) on .+; this is not its current word\./);
      expect(verdict.text).to.not.contain("Verified by");
      expect(verdict.text).to.contain(`Reason given: ${reason}`);
    });
  });

  describe("keyboard only", function () {
    const focusedId = () => page.evaluate<string>("document.activeElement ? document.activeElement.id : ''");
    const tabTo = async (id: string) => {
      for (let presses = 0; presses < 15 && (await focusedId()) !== id; presses++) await page.keyboard.press("Tab");
      expect(await focusedId()).to.equal(id);
    };

    it("fills and submits the paste form, switching tabs with the arrow keys", async function () {
      const article = frenchArticle();
      await open();
      await page.keyboard.press("Tab");
      expect(await page.evaluate<string>("document.activeElement.textContent")).to.equal("Skip to the verification form");
      await page.keyboard.press("Enter");

      await tabTo("tab-paste");
      await page.keyboard.press("ArrowRight");
      expect(await focusedId()).to.equal("tab-file");
      expect(await page.locator("#panel-file").isVisible()).to.equal(true);
      await page.keyboard.press("ArrowLeft");
      expect(await page.locator("#panel-paste").isVisible()).to.equal(true);
      // Focus is shown.
      expect(await page.evaluate<string>("getComputedStyle(document.activeElement).outlineStyle")).to.equal("solid");

      await tabTo("article-title");
      await page.keyboard.insertText(article.title);
      await page.keyboard.press("Tab");
      await page.keyboard.insertText(article.body);
      await page.keyboard.press("Tab");
      await page.keyboard.type(article.publishedAt);
      await page.keyboard.press("Tab");
      await page.keyboard.type(article.language!);
      await page.keyboard.press("Enter");

      const verdict = await readVerdict(page);
      expect(verdict.state).to.equal("verified");
      expect(verdict.text).to.contain("Verified by Demo Newsroom (demo.example)");
    });
  });

  describe("on a phone", function () {
    it("fits a 360-pixel-wide screen without scrolling sideways", async function () {
      await open("/", { width: 360, height: 780 });
      expect(await scrollsSideways(page)).to.equal(false);
      expect((await pasteArticle(page, frenchArticle())).state).to.equal("verified");
      expect(await scrollsSideways(page)).to.equal(false);
    });
  });

  describe("publishers", function () {
    it("lists Demo Newsroom and its recent articles, which link to their verification", async function () {
      await open("/publishers.html");
      const card = page.locator(".publisher", { hasText: "Demo Newsroom" });
      expect(await card.innerText()).to.contain("demo.example");
      expect(await card.innerText()).to.contain("Demo identity: its key is public, anyone can sign as it.");
      const link = card.getByRole("link", { name: frenchArticle().title });
      expect(await link.getAttribute("lang")).to.equal("fr");
      await link.click();
      expect((await readVerdict(page)).state).to.equal("verified");
    });

    it("says when a newsroom's domain confirmed its key, and that the demo's was never checked", async function () {
      const key = Wallet.createRandom().address as Hex;
      newsroom.answer(serve(statementOf(ctx.chainId, ctx.deployment.address, [key])));
      await request(ctx.app).post("/v1/publishers").set({ Authorization: `Bearer ${TEST_ADMIN_TOKEN}` })
        .send({ address: key, name: "Le Quotidien", domain: "quotidien.example" }).expect(201);
      await open("/publishers.html");
      const card = page.locator(".publisher", { hasText: "Le Quotidien" });
      expect(await card.locator(".domain-check").innerText()).to.match(/^Domain confirmed: quotidien\.example lists this publisher’s key \(checked .+\)\.$/);
      const demo = page.locator(".publisher", { hasText: "Demo Newsroom" }).first();
      expect(await demo.locator(".domain-check").innerText()).to.contain("Domain not checked yet");
    });
  });

  describe("an identity registered on chain that imitates another", function () {
    it("is shown with a visible warning on the badge and on its card", async function () {
      // Straight to the registry, as any registrar may: the service's refusals never saw it.
      await (await ctx.registry.registerPublisher(ctx.other.address, "Demo Newsroom", "demo.example")).wait();
      await ctx.service.syncIndex();
      const article = { ...frenchArticle(), title: "Un faux Demo Newsroom" };
      await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(article, ctx.other)).expect(201);
      await open();
      const verdict = await pasteArticle(page, article);
      expect(verdict.state).to.equal("verified");
      const warnings = page.locator("#verdict .identity-warning");
      expect(await warnings.allInnerTexts()).to.deep.equal([
        "Identity warning: publisher #1 (\"Demo Newsroom\"), registered earlier, has the same domain.",
        "Identity warning: the name looks like that of publisher #1 (\"Demo Newsroom\"), registered earlier.",
      ]);
      expect(await warnings.first().isVisible()).to.equal(true);
      expect(await warnings.first().getAttribute("role")).to.equal("alert");

      await open("/publishers.html");
      const cards = page.locator(".publisher", { hasText: "Demo Newsroom" });
      expect(await cards.count()).to.equal(2);
      expect(await cards.nth(0).locator(".identity-warning").count()).to.equal(0);
      expect(await cards.nth(1).locator(".identity-warning").count()).to.equal(2);
    });
  });
});
