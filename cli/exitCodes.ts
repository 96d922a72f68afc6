/**
 * The CLI's exit codes. `verify` gives each answer its own code, so that a script can tell a
 * corrected or retracted article from one that was never anchored.
 */
export const EXIT = {
  /** Done; for `verify`, the article is anchored and is its latest version. */
  ok: 0,
  /** Something failed: bad input, unreachable service, refused request. */
  failure: 1,
  /** The command line itself is wrong. */
  usage: 2,
  /** Verified, but a later version corrects it. */
  superseded: 3,
  /** Verified, but its publisher retracted it. */
  retracted: 4,
  /** No anchored article has this content (or contains this quote). */
  unknown: 5,
  /** No article contains the quote as written; a passage close to it exists. */
  quoteAltered: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** `verify`'s exit code: 0 only for an anchored article that is its own latest version. */
export function provenanceExitCode(provenance: { verified: boolean; status: string }): ExitCode {
  if (!provenance.verified) return EXIT.unknown;
  switch (provenance.status) {
    case "anchored":
      return EXIT.ok;
    case "superseded":
      return EXIT.superseded;
    case "retracted":
      return EXIT.retracted;
    default:
      return EXIT.unknown;
  }
}

/** The exit codes as `--help` lists them. */
export const EXIT_CODES_HELP = `Exit codes:
  ${EXIT.ok}  done; verify: the article is anchored and is its latest version
  ${EXIT.failure}  failure (bad input, service unreachable or refusing the request)
  ${EXIT.usage}  wrong command line
  ${EXIT.superseded}  verify: anchored, but superseded by a correction
  ${EXIT.retracted}  verify: anchored, but retracted by its publisher
  ${EXIT.unknown}  verify: unknown, no anchored article has this content or quote
  ${EXIT.quoteAltered}  verify --quote: no exact match, only a close passage`;
