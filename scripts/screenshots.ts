// `npm run screenshots`: the README's pictures of the reader's page (docs/screenshots/), taken in
// Debian's chromium against a service on Hardhat's in-process chain. Run it by hand when the page
// changes, not in CI: the anchoring times shown change on every run, and so would the files.
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import request from "supertest";
import { englishArticle, frenchArticle, idOf } from "../test/helpers/articles";
import { launchChromium } from "../test/helpers/browser";
import { startTestService } from "../test/helpers/service";
import { pasteArticle, readVerdict } from "../test/helpers/verificationPage";
import { buildWeb } from "./buildWeb";

const OUT = path.join(__dirname, "..", "docs", "screenshots");

async function main() {
  const browser = await launchChromium();
  const webRoot = await buildWeb(fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-web-")));
  const ctx = await startTestService({ webRoot });
  const publish = async (body: object) => void (await request(ctx.app).post("/v1/articles").send(body).expect(201));
  const french = frenchArticle();
  const english = englishArticle();
  const corrected = { ...english, body: english.body.replace("voted 31 to 18", "voted 32 to 17") };
  await publish(await ctx.publishBody(french));
  await publish(await ctx.publishBody(english));
  await publish(await ctx.publishBody(corrected, ctx.publisher, (await idOf(english)).contentHash));
  const server = ctx.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fs.mkdirSync(OUT, { recursive: true });

  try {
    const desktop = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
    await desktop.goto(base);
    await pasteArticle(desktop, french);
    // The result with the page's margins around it; the form above it is in the next picture.
    const result = (await desktop.locator(".result").boundingBox())!;
    await desktop.screenshot({
      path: path.join(OUT, "verified-article.png"),
      fullPage: true,
      clip: { x: result.x - 32, y: result.y - 24, width: result.width + 64, height: result.height + 48 },
    });
    await pasteArticle(desktop, { ...french, body: french.body.replace("600 millions", "700 millions") });
    await desktop.screenshot({ path: path.join(OUT, "tampered-article.png"), fullPage: true });

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await phone.goto(`${base}/?cid=${(await idOf(corrected)).cid}`);
    await readVerdict(phone);
    // The version history, down to the corrected words.
    await phone.evaluate("window.scrollTo(0, document.querySelector('.history').getBoundingClientRect().top + window.scrollY - 16)");
    await phone.screenshot({ path: path.join(OUT, "phone-corrected-article.png") });
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
    await ctx.service.close();
    fs.rmSync(webRoot, { recursive: true, force: true });
  }
  console.log(`Screenshots written to ${path.relative(process.cwd(), OUT)}/`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
