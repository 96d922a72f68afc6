import { cidOfContentHash, type ArticleHistory, type Provenance, type PublisherView } from "../../protocol";
import { fieldLines, type Field } from "../output";
import { changesOnly } from "./diff";

/** A demo identity says so wherever it is named, so that no reader takes its word for a newsroom's. */
export const DEMO_IDENTITY_WARNING = "demo identity: its key is public, anyone can sign as it";

/** A name or domain the chain holds as given: control, bidi and invisible characters written as \u{…}, not sent to the terminal. */
const visible = (text: string) =>
  text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`);

export const publisherName = (publisher: PublisherView | null) =>
  publisher
    ? `${visible(publisher.name)} (${publisher.domainUnicode ?? visible(publisher.domain)})` +
      `${publisher.demo ? ` [${DEMO_IDENTITY_WARNING}]` : ""}${publisher.identityWarnings.length > 0 ? " [identity warning]" : ""}`
    : "an unknown publisher";

/** Whether the publisher's domain stands behind its key, as the service last checked (its /.well-known/newsprov.json). */
export function domainCheckText({ domainCheck }: PublisherView): string {
  const when = domainCheck.checkedAt ? `, checked ${domainCheck.checkedAt}` : "";
  switch (domainCheck.status) {
    case "confirmed":
      return `confirmed: ${domainCheck.url} lists this key${when}`;
    case "unchecked":
      return `not checked yet (${domainCheck.url ?? "no file: not a domain name"})`;
    default:
      return `NOT confirmed, ${domainCheck.status}: ${domainCheck.reason}${when}`;
  }
}

/**
 * A provenance record for people: a verdict line, then the facts it rests on. Every article version
 * is named by its CID, `previous` too, which the API gives as a content hash.
 */
export async function formatProvenance(provenance: Provenance): Promise<string[]> {
  const { publisher, retraction } = provenance;
  const corrects = provenance.previous === null ? undefined : await cidOfContentHash(provenance.previous);
  return [
    headline(provenance),
    ...fieldLines([
      ["CID", provenance.cid],
      ["Content hash", provenance.contentHash],
      ["Publisher", publisher && `${publisherName(publisher)}, publisher #${publisher.id}`],
      ["Domain", publisher && domainCheckText(publisher)],
      ...(publisher?.identityWarnings ?? []).map((warning): Field => ["Identity warning", warning.message]),
      ["Publisher revoked", provenance.publisherRevokedAt ?? publisher?.revokedAt],
      ["Signed by", provenance.signer],
      ["Anchored", provenance.anchoredAt && `${provenance.anchoredAt} in block ${provenance.blockNumber}`],
      ["Transaction", provenance.txHash],
      ["Batch root", provenance.anchor?.kind === "batch" ? provenance.anchor.root : undefined],
      ["Corrects", corrects],
      ["Latest version", provenance.status === "superseded" ? provenance.latest : undefined],
      ["Retracted", retraction && `${retraction.retractedAt} in transaction ${retraction.txHash}`],
      ["Reason", retraction?.reason],
      ["Chain", `${provenance.chainId}, registry ${provenance.registry}`],
    ]),
  ];
}

function headline(provenance: Provenance): string {
  const by = publisherName(provenance.publisher);
  if (!provenance.verified) return "UNKNOWN: no anchored article has this content.";
  switch (provenance.status) {
    case "anchored":
      return `VERIFIED: published by ${by}, current version.`;
    case "superseded":
      return `SUPERSEDED: published by ${by}, but a later version corrects it.`;
    case "retracted":
      return `RETRACTED: published by ${by}, then retracted.`;
    default:
      return `UNKNOWN: the service answered status "${provenance.status}".`;
  }
}

/** The versions of an article, oldest first, marking the one asked about and each one's changes. */
export function formatHistory(history: ArticleHistory, cid: string): string[] {
  return [
    "Versions, oldest first:",
    ...history.versions.flatMap((version, index) => {
      const marks = [
        version.cid === cid && "this one",
        version.cid === history.latest && "latest",
        version.status === "retracted" && "retracted",
      ];
      const tags = marks.filter(Boolean).join(", ");
      const changes = version.diff && changesOnly(version.diff);
      return [
        `  ${index + 1}. ${version.cid}  ${version.anchoredAt}  block ${version.blockNumber}${tags && `  (${tags})`}`,
        ...(changes ? [`     ${changes}`] : []),
      ];
    }),
  ];
}
