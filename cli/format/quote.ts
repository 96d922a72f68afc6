import type { Provenance, QuoteVerification } from "../../protocol";
import { EXIT, provenanceExitCode, type ExitCode } from "../exitCodes";
import { markChanges } from "./diff";
import { publisherName } from "./provenance";

const source = (provenance: Provenance) => [
  `  ${publisherName(provenance.publisher)}, anchored ${provenance.anchoredAt}, ${provenance.status}`,
  `    ${provenance.cid}`,
];

/** Where a quote comes from: the articles that contain it, or the passage closest to it. */
export function formatQuote(answer: QuoteVerification): string[] {
  const { matches, closest } = answer;
  if (matches.length > 0) {
    return [
      `FOUND in ${matches.length} article version${matches.length === 1 ? "" : "s"}:`,
      ...matches.flatMap(({ provenance, passage, exactCase }) => [
        ...source(provenance),
        `    "${passage.text}"${exactCase === false ? " (letter case differs)" : ""}`,
      ]),
    ];
  }
  if (closest) {
    const similarity = closest.similarity === undefined ? "" : `, ${Math.round(closest.similarity * 100)}% alike`;
    return [
      `NOT FOUND as quoted. The closest passage${similarity}, with [-as published-] {+as quoted+}:`,
      ...source(closest.provenance),
      `    "${markChanges(closest.diff)}"`,
    ];
  }
  return ["UNKNOWN: no anchored article contains this quote or a passage close to it."];
}

/** The best match decides (the codes rank anchored < superseded < retracted < unknown). */
export function quoteExitCode(answer: QuoteVerification): ExitCode {
  if (answer.matches.length > 0) return Math.min(...answer.matches.map(({ provenance }) => provenanceExitCode(provenance))) as ExitCode;
  return answer.closest ? EXIT.quoteAltered : EXIT.unknown;
}
