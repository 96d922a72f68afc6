import { diffWordsWithSpace } from "diff";
import type { DiffPart } from "../../protocol";

/**
 * The word-level changes that turn `before` into `after`. Whitespace runs are tokens too, so the
 * parts lose nothing: the `equal` and `delete` texts in order spell `before`, and the `equal` and
 * `insert` texts spell `after`. Within a change, the deletion comes before the insertion.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((change) => ({
    op: change.removed ? "delete" : change.added ? "insert" : "equal",
    text: change.value,
  }));
}
