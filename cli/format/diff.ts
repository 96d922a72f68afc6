import type { DiffPart } from "../../protocol";

/** A change as git's word diff writes it: [-deleted-] {+inserted+}. */
const markPart = ({ op, text }: DiffPart) => (op === "insert" ? `{+${text}+}` : op === "delete" ? `[-${text}-]` : text);

/** A word-level diff as one text with its changes marked. */
export const markChanges = (diff: DiffPart[]) => diff.map(markPart).join("");

/** Only the changes, for a one-line summary of a correction. */
export const changesOnly = (diff: DiffPart[]) =>
  diff
    .filter(({ op }) => op !== "equal")
    .map((part) => markPart({ ...part, text: part.text.trim() }))
    .join(" ");
