// The reader's verification page (web/index.html).
//
// Approach: plain TypeScript and the DOM, bundled by esbuild (already a dependency) when the
// service starts; no framework. The page is four small forms and one result area, which the DOM
// handles directly in a few hundred lines, and esbuild's one job here is the one that matters:
// bundling the service's own protocol module (protocol/: zod, multiformats, canonicalize,
// yaml), so that the browser computes an article's CID with the very code the service runs.
// A framework would add a second build system, a runtime and upgrades to follow, for no gain in
// a page this size. Everything is served by the service itself: no CDN, nothing fetched from
// elsewhere. The page works under a strict Content-Security-Policy: no inline script or style.
import "./zodJitless";
import { api, ApiError, storedArticle, type Provenance } from "./api";
import { ArticleFileError, identify, readArticleFile } from "./articleIdentity";
import { byId, h } from "./dom";
import { inLanguage } from "./format";
import { renderHistory } from "./history";
import { renderQuoteDetails, renderQuoteVerdict } from "./quoteResult";
import { ResultView, type CheckResult } from "./resultView";
import { initTabs } from "./tabs";
import { renderFacts, renderVerdict, verdictHeading, verdictState } from "./verdict";

/** Larger than any article the service accepts (4 MB bodies): not worth reading. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

const result = new ResultView(byId("verdict", HTMLElement), byId("result-details", HTMLElement));
const selectTab = initTabs(byId("ways", HTMLElement));

/** Identifies an article in this browser, then asks the service about its CID only. */
async function checkArticle(input: unknown): Promise<CheckResult> {
  const identification = await identify(input);
  if (!identification.valid) {
    return {
      state: "invalid",
      verdict: [
        verdictHeading("unverified", "Not a complete article"),
        h("p", {}, "Its fingerprint cannot be computed until these are fixed:"),
        h("ul", {}, identification.problems.map((problem) => h("li", {}, problem))),
      ],
      details: [],
    };
  }
  const { article, id } = identification;
  return describeVersion(await api.verify(id.cid), "text", { title: article.title, language: article.language });
}

async function checkCid(cid: string): Promise<CheckResult> {
  const provenance = await api.verify(cid);
  const stored = provenance.verified ? await storedArticle(provenance.cid) : undefined;
  return describeVersion(provenance, "cid", stored?.article);
}

/** The verdict on one version, then its title (when known), its identifiers and the article's history. */
async function describeVersion(
  provenance: Provenance,
  subject: "text" | "cid",
  heading: { title: string; language?: string | undefined } | undefined,
): Promise<CheckResult> {
  const history = provenance.verified ? await api.history(provenance.cid) : undefined;
  return {
    state: verdictState(provenance),
    verdict: renderVerdict(provenance, subject),
    details: [
      heading && h("p", { class: "checked-title" }, "Article: ", inLanguage(h("cite", {}, heading.title), heading.language)),
      provenance.verified && renderFacts(provenance),
      history && renderHistory(history, provenance.cid, heading?.language),
    ],
  };
}

async function checkQuote(text: string): Promise<CheckResult> {
  const answer = await api.verifyQuote(text).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) throw new Error("this service does not check quotes yet");
    throw error;
  });
  return { ...renderQuoteVerdict(answer), details: await renderQuoteDetails(answer) };
}

async function checkFile(file: File): Promise<CheckResult> {
  if (file.size > MAX_FILE_BYTES) throw new ArticleFileError(`${file.name} is too large to be an article`);
  return checkArticle(readArticleFile(file.name, await file.text()));
}

// Paste the text.
const pasteForm = byId("paste-form", HTMLFormElement);
const field = (name: string) => {
  const element = pasteForm.elements.namedItem(name);
  if (!(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement)) throw new Error(`no field ${name}`);
  return element;
};
pasteForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const value = (name: string) => field(name).value;
  const authors = value("authors").split("\n").map((author) => author.trim()).filter((author) => author !== "");
  const article = {
    title: value("title"),
    subtitle: value("subtitle"),
    body: value("body"),
    ...(authors.length > 0 && { authors }),
    publishedAt: value("publishedAt"),
    language: value("language"),
    url: value("url"),
  };
  void result.run("Computing the fingerprint and asking the chain…", () => checkArticle(article));
});
// What the reader pastes is in the article's language: say so, for screen readers and spell checkers.
field("language").addEventListener("input", () => {
  for (const name of ["title", "subtitle", "body"]) field(name).lang = field("language").value.trim();
});

// Open or drop a file.
const fileInput = byId("article-file", HTMLInputElement);
const dropZone = byId("drop-zone", HTMLElement);
const checkFirstFile = (files: FileList | null | undefined) => {
  const file = files?.[0];
  if (file) void result.run(`Reading ${file.name}…`, () => checkFile(file));
};
fileInput.addEventListener("change", () => checkFirstFile(fileInput.files));
dropZone.addEventListener("dragover", (event) => {
  event.preventDefault();
  dropZone.classList.add("dragging");
});
dropZone.addEventListener("dragleave", () => dropZone.classList.remove("dragging"));
dropZone.addEventListener("drop", (event) => {
  event.preventDefault();
  dropZone.classList.remove("dragging");
  checkFirstFile(event.dataTransfer?.files);
});
// A file dropped beside the zone would otherwise replace the page with the file.
document.addEventListener("dragover", (event) => event.preventDefault());
document.addEventListener("drop", (event) => event.preventDefault());

// Enter a CID.
const cidForm = byId("cid-form", HTMLFormElement);
const cidInput = byId("cid-input", HTMLInputElement);
const lookUp = (cid: string) => void result.run("Asking the chain…", () => checkCid(cid));
cidForm.addEventListener("submit", (event) => {
  event.preventDefault();
  lookUp(cidInput.value.trim());
});

// Check a quote.
const quoteForm = byId("quote-form", HTMLFormElement);
const quoteInput = byId("quote-input", HTMLTextAreaElement);
quoteForm.addEventListener("submit", (event) => {
  event.preventDefault();
  void result.run("Looking for the quote in anchored articles…", () => checkQuote(quoteInput.value));
});

// Links between versions (/?cid=…) open the page on that version.
const linkedCid = new URLSearchParams(location.search).get("cid");
if (linkedCid) {
  selectTab("tab-cid");
  cidInput.value = linkedCid;
  lookUp(linkedCid);
}
