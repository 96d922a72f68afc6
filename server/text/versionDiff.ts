import { diffArrays } from "diff";
import type { DiffGranularity, DiffPart } from "../../protocol";
import { replacement, wordDiff } from "./wordDiff";

/** What changed between two versions' texts, and whether word by word or whole paragraphs at a time. */
export interface VersionDiff {
  parts: DiffPart[];
  by: DiffGranularity;
}

/**
 * The bounds that keep a diff of the largest versions (2,000,000-character bodies) within a
 * fraction of a second of one core, whatever the texts: Myers' algorithm costs
 * (N + M) · D comparisons at worst, N + M tokens and D edits.
 */
export const DIFF_BOUNDS = {
  /** Characters of changed paragraphs, both versions together, that are diffed word by word. */
  wordDiffChars: 100_000,
  /** Words and whitespace runs deleted or inserted, beyond which the word diff gives up. */
  wordEdits: 1_000,
  /** Changed paragraphs and breaks, both versions together, that are diffed paragraph by paragraph. */
  paragraphTokens: 20_000,
  /** Paragraphs deleted or inserted, beyond which the changed paragraphs are shown replaced as one block. */
  paragraphEdits: 1_000,
} as const;

/** A paragraph break (a line end, then blank lines), kept as a token by split. */
const PARAGRAPH_BREAK = /(\n(?:[^\S\n]*\n)+)/;

/**
 * What changed from `before` to `after`: word by word when the changed paragraphs are few and
 * their words not too different, else paragraph by paragraph (a changed paragraph shown deleted
 * and inserted whole), and past that bound too the changed stretch as one replacement. The
 * paragraphs both versions begin and end with are set aside first, in linear time, so that a
 * corrected figure in a long article is still a word diff. Either way the parts spell both
 * texts: `equal` and `delete` parts `before`, `equal` and `insert` parts `after`.
 */
export function versionDiff(before: string, after: string): VersionDiff {
  const a = before.split(PARAGRAPH_BREAK);
  const b = after.split(PARAGRAPH_BREAK);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const changedA = a.slice(start, a.length - end);
  const changedB = b.slice(start, b.length - end);
  const [textA, textB] = [changedA.join(""), changedB.join("")];

  const words = textA.length + textB.length <= DIFF_BOUNDS.wordDiffChars ? wordDiff(textA, textB, DIFF_BOUNDS.wordEdits) : undefined;
  const changed = words ?? paragraphDiff(changedA, changedB) ?? replacement(textA, textB);
  const parts = merge([
    { op: "equal", text: a.slice(0, start).join("") },
    ...changed,
    { op: "equal", text: a.slice(a.length - end).join("") },
  ]);
  return { parts, by: words ? "word" : "paragraph" };
}

/** A diff with its parts as JSON: how it is stored, and sent, whole (a diff of the largest versions is megabytes). */
export interface SerializedDiff {
  by: DiffGranularity;
  json: string;
}

export function serializedVersionDiff(before: string, after: string): SerializedDiff {
  const { parts, by } = versionDiff(before, after);
  return { by, json: JSON.stringify(parts) };
}

function paragraphDiff(a: string[], b: string[]): DiffPart[] | undefined {
  if (a.length + b.length > DIFF_BOUNDS.paragraphTokens) return undefined;
  return diffArrays(a, b, { maxEditLength: DIFF_BOUNDS.paragraphEdits })?.map((change) => ({
    op: change.removed ? "delete" : change.added ? "insert" : "equal",
    text: change.value.join(""),
  }));
}

/** Drops empty parts and joins neighbours of the same kind, as a single diff would have them. */
function merge(parts: DiffPart[]): DiffPart[] {
  const merged: DiffPart[] = [];
  for (const part of parts) {
    if (part.text === "") continue;
    const last = merged.at(-1);
    if (last?.op === part.op) last.text += part.text;
    else merged.push({ ...part });
  }
  return merged;
}
