import type { DiffPart } from "../protocol";
import { h } from "./dom";

/** Characters of unchanged text kept on each side of a change. */
const CONTEXT = 160;

/** Whether a diff changes anything: a correction may change only a date or a byline, not the text. */
export const hasChanges = (parts: readonly DiffPart[]) => parts.some((part) => part.op !== "equal");

/**
 * A word diff as text with its removals struck through and its additions underlined. Each change
 * is also spelled out for screen readers, which do not announce <del> and <ins> everywhere.
 */
export function renderDiff(parts: readonly DiffPart[]): HTMLElement {
  const diff = h("div", { class: "diff" });
  parts.forEach((part, i) => {
    if (part.op === "equal") {
      diff.append(condense(part.text, i > 0, i < parts.length - 1));
      return;
    }
    const [tag, label] = part.op === "delete" ? (["del", "removed"] as const) : (["ins", "added"] as const);
    diff.append(h(tag, {}, h("span", { class: "visually-hidden" }, `[${label}: `), part.text, h("span", { class: "visually-hidden" }, "]")));
  });
  return diff;
}

export const diffLegend = () =>
  h("p", { class: "hint" }, "Struck through in red: words removed. Underlined in green: words added.");

/**
 * Unchanged text cut down to the context next to its changes, on word boundaries: a corrected
 * figure in a long article shows as a few lines, not the whole article twice.
 */
function condense(text: string, changeBefore: boolean, changeAfter: boolean): string {
  const head = changeBefore ? CONTEXT : 0;
  const tail = changeAfter ? CONTEXT : 0;
  if (text.length <= head + tail + CONTEXT / 2) return text;
  const headEnd = text.lastIndexOf(" ", head);
  const tailStart = text.indexOf(" ", text.length - tail);
  const start = head === 0 ? "" : text.slice(0, headEnd === -1 ? head : headEnd + 1);
  const end = tail === 0 ? "" : text.slice(tailStart === -1 ? text.length - tail : tailStart);
  return `${start}…${end}`;
}
