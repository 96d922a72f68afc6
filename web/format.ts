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
