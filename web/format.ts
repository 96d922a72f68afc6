import type { PublisherView } from "./api";
import { h } from "./dom";

const DATE_TIME = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "long" });

/** A date the reader can read, in their time zone, carrying the exact instant for machines. */
export const time = (iso: string) => h("time", { datetime: iso }, DATE_TIME.format(new Date(iso)));

/** A hash, address or CID: monospace, allowed to wrap anywhere on a narrow screen. */
export const code = (value: string) => h("code", { class: "hash" }, value);

/** What the reader must know of a demo identity, wherever it is named. */
export const DEMO_IDENTITY_WARNING = "Demo identity: its key is public, anyone can sign as it.";

/** The warning of a demo identity (none for another), in the page's warning style. */
export const demoWarning = (publisher: { demo: boolean }) =>
  publisher.demo ? h("p", { class: "demo-warning", role: "note" }, DEMO_IDENTITY_WARNING) : null;

/** A link that verifies a version of an article on the verification page. */
export const verifyLink = (cid: string, text: string) => h("a", { href: `./?cid=${encodeURIComponent(cid)}` }, text);

/** Article text (a title, a paragraph) in its own language, so that it is read and hyphenated as such. */
export const inLanguage = <E extends HTMLElement>(element: E, language: string | undefined): E => {
  if (language) element.lang = language;
  return element;
};

/**
 * A publisher's name and domain as the chain holds them, each isolated from the text around it
 * (<bdi>), so that a bidi control in one cannot reorder the rest of the line.
 */
export const publisherIdentity = (publisher: PublisherView) => [
  h("bdi", { class: "publisher-name" }, publisher.name),
  " (",
  h("bdi", { class: "publisher-domain" }, publisher.domainUnicode ?? publisher.domain),
  ")",
];

/** Whether the domain itself stands behind the publisher's key (its /.well-known/newsprov.json), and since when. */
export function domainCheckLine(publisher: PublisherView): HTMLElement {
  const { status, checkedAt, url, reason } = publisher.domainCheck;
  const when = checkedAt ? [" (checked ", time(checkedAt), ")"] : [];
  const words: Record<typeof status, (string | Node)[]> = {
    confirmed: ["Domain confirmed: ", publisher.domainUnicode ?? publisher.domain, " lists this publisher’s key", ...when, "."],
    not_listed: ["Domain not confirmed: the domain’s file does not list this publisher’s current key", ...when, "."],
    unreachable: ["Domain not confirmed: its file could not be read", reason ? ` (${reason})` : "", ...when, "."],
    unchecked: ["Domain not checked yet: nothing says the newsroom behind ", publisher.domainUnicode ?? publisher.domain, " stands behind this key."],
  };
  return h(
    "p",
    { class: `domain-check domain-${status}`, "data-status": status },
    ...words[status],
    url && status !== "confirmed" ? [" ", h("span", { class: "hint" }, "File: ", code(url))] : null,
  );
}

/** What is wrong with an identity registered on chain without the service's checks: one alert line each. */
export const identityWarnings = (publisher: PublisherView) =>
  publisher.identityWarnings.map((warning) =>
    h("p", { class: "identity-warning", role: "alert" }, "Identity warning: ", warning.message, "."),
  );
