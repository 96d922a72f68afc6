import { diffWordsWithSpace, type Change } from "diff";
import type { DiffPart } from "../../protocol";

/**
 * The word-level changes that turn `before` into `after`, or undefined when more than `maxEdits`
 * words and spaces were deleted or inserted. Whitespace runs are tokens too, so the parts lose
 * nothing: the `equal` and `delete` texts in order spell `before`, and the `equal` and `insert`
 * texts spell `after`. Within a change, the deletion comes before the insertion.
 *
 * jsdiff runs Myers' O((N + M) · D) algorithm: `maxEditLength` stops it at D = maxEdits, so a
 * bounded diff of bounded texts costs bounded time whatever they hold.
 */
export function wordDiff(before: string, after: string, maxEdits: number): DiffPart[] | undefined {
  return diffWordsWithSpace(before, after, { maxEditLength: maxEdits })?.map(toPart);
}

/** The parts of a change that replaces all of `before` with all of `after`: what a diff past its budget shows. */
export function replacement(before: string, after: string): DiffPart[] {
  if (before === after) return before === "" ? [] : [{ op: "equal", text: before }];
  return [
    ...(before === "" ? [] : [{ op: "delete" as const, text: before }]),
    ...(after === "" ? [] : [{ op: "insert" as const, text: after }]),
  ];
}

const toPart = (change: Change): DiffPart => ({ op: change.removed ? "delete" : change.added ? "insert" : "equal", text: change.value });
