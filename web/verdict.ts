import type { Provenance } from "./api";
import { h, type Child } from "./dom";
import { code, demoWarning, domainCheckLine, identityWarnings, publisherIdentity, time, verifyLink } from "./format";

/** What the reader is told, in one word; the page's colours and the tests key on it. */
export type VerdictState = "verified" | "superseded" | "retracted" | "unverified";

export function verdictState(provenance: Provenance): VerdictState {
  if (!provenance.verified) return "unverified";
  if (provenance.status === "superseded") return "superseded";
  if (provenance.status === "retracted") return "retracted";
  return "verified";
}

const HEADINGS: Record<VerdictState, { icon: string; text: string }> = {
  verified: { icon: "✓", text: "Verified" },
  superseded: { icon: "!", text: "Superseded by a correction" },
  retracted: { icon: "✕", text: "Retracted by its publisher" },
  unverified: { icon: "✕", text: "Not verified" },
};

/** The verdict's heading: an icon for the eye (hidden from screen readers) and the words for all. */
export const verdictHeading = (state: VerdictState, text = HEADINGS[state].text) =>
  h("h2", { class: "verdict-heading" }, h("span", { class: "verdict-icon", "aria-hidden": "true" }, HEADINGS[state].icon), text);

/** The one line that says who published a version, and where and when the chain recorded it. */
export function anchorLine(provenance: Provenance): Child[] {
  if (provenance.anchoredAt === null) return [];
  return ["Anchored ", time(provenance.anchoredAt), ` in block ${provenance.blockNumber} on chain ${provenance.chainId}.`];
}

/**
 * The badge: whether the chain records this exact article, who published it, when and where it
 * was anchored, the transaction, and whether the publisher still stands by it.
 * `subject` is what the reader gave: an article's text (whose CID the page computed) or a CID.
 */
export function renderVerdict(provenance: Provenance, subject: "text" | "cid"): Child[] {
  const state = verdictState(provenance);
  const { publisher } = provenance;
  if (state === "unverified" || !publisher) {
    return [
      verdictHeading("unverified"),
      h("p", {}, subject === "text"
        ? `No publisher anchored this exact text on chain ${provenance.chainId}.`
        : `No publisher anchored an article with this CID on chain ${provenance.chainId}.`),
      subject === "text" &&
        h("p", {}, "One changed word, figure or date gives the text another fingerprint: a copy altered even slightly does not verify. " +
          "To see which words differ, check one of its sentences with “Check a quote”."),
      h("p", { class: "fact" }, "Fingerprint (CID) ", code(provenance.cid)),
    ];
  }
  return [
    verdictHeading(state),
    publisherLine(provenance, publisher, state),
    ...identityWarnings(publisher),
    h("p", { class: "verdict-meaning" }, PUBLISHED_BY_MEANS),
    demoWarning(publisher),
    domainCheckLine(publisher),
    h("p", {}, ...anchorLine(provenance)),
    provenance.txHash && h("p", { class: "fact" }, "Transaction ", code(provenance.txHash)),
    statusLine(provenance),
    provenance.publisherRevokedAt &&
      h("p", {}, `${publisher.name}’s identity was revoked on `, time(provenance.publisherRevokedAt),
        "; this version was anchored before that, so it stays verified."),
  ];
}

/** What naming a publisher claims, and what it does not. */
export const PUBLISHED_BY_MEANS =
  "What this means: the chain records this exact text, word for word, as signed with the key registered to that newsroom’s " +
  "name and domain. It shows who published the text, not that the text is true.";

/**
 * Who published the version. A current version is verified as theirs; for a superseded or retracted
 * one the line reads as history, so that it never sits under the status as if it vouched for it.
 */
function publisherLine(provenance: Provenance, publisher: NonNullable<Provenance["publisher"]>, state: VerdictState): Node {
  const name = [h("strong", {}, ...publisherIdentity(publisher))];
  if (state === "verified") return h("p", { class: "verdict-publisher" }, "Verified by ", ...name);
  const when = provenance.anchoredAt === null ? [] : [" on ", time(provenance.anchoredAt)];
  return h("p", { class: "verdict-publisher" }, "Published by ", ...name, ...when, "; this is not its current word.");
}

function statusLine(provenance: Provenance): Node {
  const { status, latest, retraction } = provenance;
  if (status === "superseded" && latest) {
    return h("p", { class: "verdict-status" }, "A correction replaced this version. ", verifyLink(latest, "See the latest version"));
  }
  if (status === "retracted" && retraction) {
    return h("p", { class: "verdict-status" }, "Retracted on ", time(retraction.retractedAt), ". Reason given: ",
      h("q", {}, retraction.reason));
  }
  return h("p", { class: "verdict-status" }, "This is the current version.");
}

/** The identifiers a reader may want to check elsewhere: on a block explorer, or with another tool. */
export function renderFacts(provenance: Provenance): HTMLElement {
  const rows: [string, Node | string | null][] = [
    ["CID", code(provenance.cid)],
    ["Content hash", code(provenance.contentHash)],
    ["Signed by key", provenance.signer && code(provenance.signer)],
    ["Block", provenance.blockNumber === null ? null : String(provenance.blockNumber)],
    ["Chain", String(provenance.chainId)],
    ["Registry contract", code(provenance.registry)],
    ["Link to this check", verifyLink(provenance.cid, new URL(`./?cid=${provenance.cid}`, location.href).href)],
  ];
  return h(
    "details",
    { class: "facts" },
    h("summary", {}, "Technical details"),
    h("dl", {}, rows.flatMap(([term, value]) => (value === null ? [] : [h("dt", {}, term), h("dd", {}, value)]))),
  );
}
