import type { DiffPart } from "../../protocol";
import { alignQuote } from "./quoteAlignment";
import { replacement, wordDiff } from "./wordDiff";

/** The candidates of a quote found nowhere: chunks' normalized texts, in the index's order. */
export interface ClosestTask {
  quote: string;
  passages: string[];
  minSimilarity: number;
}

export interface ClosestFound {
  /** Which of the task's passages. */
  at: number;
  similarity: number;
  /** The stretch aligned (normalized) turned into the quote, word by word. */
  diff: DiffPart[];
}

/** Words and spaces the diff shown for the closest passage may change before it shows the stretch replaced whole. */
const DIFF_EDITS = 1_000;

/**
 * The passage best aligned with the quote, if alike enough (ties go to the earlier), and how its
 * stretch differs from the quote. Each alignment and the diff are bounded (ALIGNMENT_EDITS,
 * DIFF_EDITS), and the whole runs on a worker thread: 20 candidates cost up to tenths of a second.
 */
export function closestPassage({ quote, passages, minSimilarity }: ClosestTask): ClosestFound | undefined {
  let best: { at: number; stretch: string; similarity: number } | undefined;
  passages.forEach((text, at) => {
    const alignment = alignQuote(text, quote, minSimilarity);
    if (alignment && alignment.similarity > (best?.similarity ?? 0)) best = { at, ...alignment };
  });
  if (!best) return undefined;
  const { at, stretch, similarity } = best;
  return { at, similarity, diff: wordDiff(stretch, quote, DIFF_EDITS) ?? replacement(stretch, quote) };
}
