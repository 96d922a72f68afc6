import type { Passage } from "../protocol";
import { storedArticle, type Provenance, type QuoteVerification } from "./api";
import { diffLegend, renderDiff } from "./diffView";
import { h, type Child } from "./dom";
import { demoWarning, inLanguage, verifyLink } from "./format";
import { markQuote } from "./quoteHighlight";
import { anchorLine, verdictHeading } from "./verdict";

/** Articles whose title is fetched to label a match; the others are labelled by their publisher. */
const TITLED_MATCHES = 10;

/** The verdict on a quote: found word for word, found with changes, or not found at all. */
export function renderQuoteVerdict({ matches, closest }: QuoteVerification): { state: string; verdict: Child[] } {
  if (matches.length > 0) {
    const where = matches.length === 1 ? "an anchored article" : `${matches.length} anchored articles`;
    return {
      state: "verified",
      verdict: [
        verdictHeading("verified", `Found in ${where}`),
        h("p", {}, `This quote appears word for word in ${where}.`),
        matches.some((match) => !match.exactCase) && h("p", {}, "Only the letter case differs from the article’s."),
      ],
    };
  }
  if (closest) {
    return {
      state: "unverified",
      verdict: [
        verdictHeading("unverified", "Not found as quoted"),
        h("p", {}, `No anchored article contains this quote. The closest passage, published by ${publisherName(closest.provenance)}, ` +
          "differs in the words marked below."),
      ],
    };
  }
  return {
    state: "unverified",
    verdict: [verdictHeading("unverified", "Not found"), h("p", {}, "No anchored article contains this quote, or a passage close to it.")],
  };
}

/** Where each match was found, with the quote marked; or how the closest passage differs. */
export async function renderQuoteDetails({ quote, matches, closest }: QuoteVerification): Promise<Child[]> {
  if (closest) {
    const { card, language } = await sourceCard(closest.provenance, closest.passage, true);
    card.append(
      h("p", {}, "The article’s words compared with the quote:"),
      diffLegend(),
      inLanguage(renderDiff(closest.diff), language),
      h("details", {}, h("summary", {}, "The whole passage"), passageQuote([closest.passage.text], language)),
    );
    return [card];
  }
  return Promise.all(
    matches.map(async ({ provenance, passage }, i) => {
      const { card, language } = await sourceCard(provenance, passage, i < TITLED_MATCHES);
      card.append(passageQuote(markQuote(passage.text, quote), language));
      return card;
    }),
  );
}

const publisherName = ({ publisher }: Provenance) => (publisher ? `${publisher.name} (${publisher.domain})` : "an unknown publisher");

const PLACES: Record<Passage["kind"], (index: number) => string> = {
  title: () => "In the headline",
  subtitle: () => "In the standfirst",
  paragraph: (index) => `In paragraph ${index + 1}`,
};

/**
 * An article a quote was found in: its title (when fetched), publisher, anchor and status, and the
 * article's language (known with its title) for the passage shown.
 */
async function sourceCard(provenance: Provenance, passage: Passage, titled: boolean) {
  const heading = titled ? (await storedArticle(provenance.cid))?.article : undefined;
  const card = h(
    "article",
    { class: "source" },
    h("h3", {}, heading ? inLanguage(h("cite", {}, heading.title), heading.language) : `An article by ${publisherName(provenance)}`),
    h("p", {}, `${PLACES[passage.kind](passage.index)}${passage.chunk ? " (a long one: only the part around the quote is shown)" : ""}, published by ${publisherName(provenance)}. `, ...anchorLine(provenance)),
    provenance.publisher && demoWarning(provenance.publisher),
    provenance.status !== "anchored" && h("p", { class: "tag-line" }, h("span", { class: `tag tag-${provenance.status}` }, provenance.status)),
    h("p", {}, verifyLink(provenance.cid, "Verify the whole article")),
  );
  return { card, language: heading?.language };
}

const passageQuote = (content: (string | Node)[], language: string | undefined) =>
  inLanguage(h("blockquote", { class: "passage" }, ...content), language);
