import type { ArticleHistory, HistoryEntry } from "./api";
import { diffLegend, hasChanges, renderDiff } from "./diffView";
import { h } from "./dom";
import { inLanguage, verifyLink } from "./format";
import { anchorLine } from "./verdict";

const STATUS_TAGS: Record<HistoryEntry["status"], string> = {
  anchored: "current",
  superseded: "superseded",
  retracted: "retracted",
  unknown: "not anchored",
};

/**
 * Every version of the article, oldest first, with what each correction changed. `language` is
 * the article's, for the diffs' text.
 */
export function renderHistory(history: ArticleHistory, checkedCid: string, language: string | undefined): HTMLElement {
  const count = history.versions.length;
  return h(
    "section",
    { class: "history", "aria-labelledby": "history-heading" },
    h("h2", { id: "history-heading" }, "Version history"),
    h("p", {}, count === 1 ? "This is the only version: it was never corrected." : `${count} versions, oldest first.`),
    count > 1 && diffLegend(),
    h("ol", { class: "versions" }, history.versions.map((version, i) => renderVersion(version, i, checkedCid, language))),
  );
}

function renderVersion(version: HistoryEntry, i: number, checkedCid: string, language: string | undefined): HTMLElement {
  const checked = version.cid === checkedCid;
  return h(
    "li",
    { class: "version", "aria-current": checked && "true" },
    h("h3", {}, `Version ${i + 1} `,
      h("span", { class: `tag tag-${version.status}` }, STATUS_TAGS[version.status]),
      checked && h("span", { class: "tag tag-checked" }, "the one you checked")),
    h("p", {}, ...anchorLine(version)),
    version.retraction && h("p", {}, "Retraction reason: ", h("q", {}, version.retraction.reason)),
    !checked && h("p", {}, verifyLink(version.cid, `Verify version ${i + 1}`)),
    i > 0 && changes(version, i, language),
  );
}

function changes({ diff, diffBy }: Pick<HistoryEntry, "diff" | "diffBy">, i: number, language: string | undefined): HTMLElement {
  if (diff === null) {
    return h("p", { class: "hint" }, "This service does not hold the texts of both versions, so it cannot show what changed.");
  }
  if (!hasChanges(diff)) {
    return h("p", { class: "hint" }, "The title, subtitle and body did not change: only other details, such as the date or the byline, did.");
  }
  return h(
    "details",
    { class: "changes", open: true },
    h("summary", {}, `What changed since version ${i}`),
    diffBy === "paragraph" && h("p", { class: "hint" }, "Too much changed to show word by word: the changed paragraphs are shown whole, removed then added."),
    inLanguage(renderDiff(diff), language),
  );
}
