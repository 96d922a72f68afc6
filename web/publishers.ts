// The publisher page (web/publishers.html): every registered publisher and, on request, its
// recent articles. Same approach as the verification page (see main.ts): plain TypeScript and
// the DOM, bundled by esbuild.
import { api, storedArticle, type PublisherView } from "./api";
import { byId, h } from "./dom";
import { code, demoWarning, domainCheckLine, identityWarnings, inLanguage, time, verifyLink } from "./format";

/** Recent articles listed per publisher, each with its title fetched. */
const RECENT_ARTICLES = 10;

const list = byId("publisher-list", HTMLElement);
const status = byId("publishers-status", HTMLElement);
const wanted = new URLSearchParams(location.search).get("address")?.toLowerCase();

async function showPublishers(): Promise<void> {
  const { publishers } = await api.publishers();
  status.textContent = publishers.length === 0 ? "No publisher is registered yet."
    : `${publishers.length} registered ${publishers.length === 1 ? "publisher" : "publishers"}.`;
  list.replaceChildren(...publishers.map((publisher) => publisherCard(publisher, publishers.length === 1)));
}

function publisherCard(publisher: PublisherView, only: boolean): HTMLElement {
  const articles = h("div", { class: "recent", "aria-live": "polite" });
  const recent = h("details", { class: "recent-articles" }, h("summary", {}, `Recent articles from ${publisher.name}`), articles);
  let loaded = false;
  recent.addEventListener("toggle", () => {
    if (!recent.open || loaded) return;
    loaded = true;
    void showArticles(publisher, articles);
  });
  recent.open = only || publisher.address.toLowerCase() === wanted;
  return h(
    "li",
    { class: "card publisher" },
    h("h2", {}, h("bdi", {}, publisher.name)),
    h("p", {}, h("bdi", {}, publisher.domainUnicode ?? publisher.domain), " ",
      publisher.active ? h("span", { class: "tag tag-anchored" }, "active") : h("span", { class: "tag tag-retracted" }, "revoked")),
    ...identityWarnings(publisher),
    demoWarning(publisher),
    domainCheckLine(publisher),
    h("p", {}, "Registered ", time(publisher.registeredAt), ".",
      publisher.revokedAt && [" Revoked ", time(publisher.revokedAt), ": its earlier articles stay verified."]),
    h("p", { class: "fact" }, "Current key ", code(publisher.address)),
    recent,
  );
}

async function showArticles(publisher: PublisherView, into: HTMLElement): Promise<void> {
  into.replaceChildren(h("p", {}, "Loading…"));
  try {
    const { articles } = await api.publisherArticles(publisher.address, RECENT_ARTICLES);
    if (articles.length === 0) {
      into.replaceChildren(h("p", {}, "No article anchored yet."));
      return;
    }
    const items = await Promise.all(
      articles.map(async ({ cid, anchoredAt, blockNumber }) => {
        const stored = await storedArticle(cid);
        const status = stored?.provenance.status;
        return h(
          "li",
          {},
          inLanguage(verifyLink(cid, stored?.article.title ?? `Article ${cid}`), stored?.article.language),
          status && status !== "anchored" && [" ", h("span", { class: `tag tag-${status}` }, status)],
          h("br"),
          h("span", { class: "hint" }, "Anchored ", time(anchoredAt), ` in block ${blockNumber}`),
        );
      }),
    );
    into.replaceChildren(h("ol", { class: "article-list" }, items));
  } catch (error) {
    into.replaceChildren(h("p", {}, `Could not load the articles: ${(error as Error).message}.`));
  }
}

showPublishers().catch((error: unknown) => {
  status.textContent = `Could not load the publishers: ${(error as Error).message}.`;
});
