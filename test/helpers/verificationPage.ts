import type { Page } from "playwright-core";
import type { ArticleInput } from "../../protocol";

/** What the page says about the last check: its state (the badge's colour) and its words. */
export interface Verdict {
  state: string;
  text: string;
}

/** Waits for the check in progress to end and reads its verdict. */
export async function readVerdict(page: Page): Promise<Verdict> {
  const verdict = page.locator('#verdict[data-state]:not([data-state="busy"])');
  await verdict.waitFor();
  return { state: (await verdict.getAttribute("data-state"))!, text: await verdict.innerText() };
}

/** Fills "Paste the text" with an article, as a reader copying it field by field would, and submits it. */
export async function pasteArticle(page: Page, article: ArticleInput): Promise<Verdict> {
  await page.getByRole("tab", { name: "Paste the text" }).click();
  await page.getByLabel("Title", { exact: true }).fill(article.title);
  await page.getByLabel("Body", { exact: true }).fill(article.body);
  await page.getByLabel("Published at", { exact: true }).fill(article.publishedAt);
  await page.getByLabel("Language (optional)").fill(article.language ?? "");
  if (article.subtitle !== undefined || article.authors !== undefined || article.url !== undefined) {
    await page.getByText("Subtitle, authors and link").click();
    await page.getByLabel("Subtitle (optional)").fill(article.subtitle ?? "");
    await page.getByLabel("Authors (optional, one per line)").fill((article.authors ?? []).join("\n"));
    await page.getByLabel("Link (optional)").fill(article.url ?? "");
  }
  await page.getByRole("button", { name: "Verify this text" }).click();
  return readVerdict(page);
}

/** Checks a quote with "Check a quote". */
export async function checkQuote(page: Page, quote: string): Promise<Verdict> {
  await page.getByRole("tab", { name: "Check a quote" }).click();
  await page.getByLabel("Quote", { exact: true }).fill(quote);
  await page.getByRole("button", { name: "Check this quote" }).click();
  return readVerdict(page);
}

/** Looks up a CID (or content hash) with "Enter a CID". */
export async function lookUpCid(page: Page, cid: string): Promise<Verdict> {
  await page.getByRole("tab", { name: "Enter a CID" }).click();
  await page.getByLabel("Article CID or content hash").fill(cid);
  await page.getByRole("button", { name: "Look it up" }).click();
  return readVerdict(page);
}

/** Whether the page is wider than the window, which on a phone means scrolling sideways. */
export const scrollsSideways = (page: Page) =>
  page.evaluate<boolean>("document.documentElement.scrollWidth > document.documentElement.clientWidth");
