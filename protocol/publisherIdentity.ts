import { toASCII, toUnicode, type ToASCIIOptions } from "tr46";
import unhomoglyph from "unhomoglyph";

// What makes a publisher's name and domain fit to be shown to readers (docs/protocol.md, section
// 6): no character a reader cannot see or that reorders what they see, a domain that is a domain
// name, and nothing a reader could take for an active publisher's name or domain. The service
// refuses a registration that breaks a rule, and flags a publisher registered on chain that does.

/** Which rule a name or a domain breaks. */
export type IdentityRule = "control_character" | "bidi_control" | "invisible_character" | "not_a_domain_name";

export interface IdentityIssue {
  field: "name" | "domain";
  rule: IdentityRule;
  message: string;
}

// Checked in this order, so that a character is named by its most telling rule: the bidi
// controls (U+202E reverses what follows) are format characters too. Line and paragraph
// separators break a line as a newline does.
const CHARACTER_RULES: readonly { rule: IdentityRule; pattern: RegExp; what: string }[] = [
  { rule: "control_character", pattern: /[\p{Cc}\p{Zl}\p{Zp}]/u, what: "a control character or line break" },
  { rule: "bidi_control", pattern: /\p{Bidi_Control}/u, what: "a bidirectional control, which reorders the text a reader sees" },
  { rule: "invisible_character", pattern: /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u, what: "an invisible or format character" },
];

function characterIssue(field: IdentityIssue["field"], value: string): IdentityIssue | undefined {
  for (const { rule, pattern, what } of CHARACTER_RULES) {
    const found = pattern.exec(value);
    if (found) {
      const codePoint = found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
      return { field, rule, message: `the ${field} contains U+${codePoint}, ${what}` };
    }
  }
  return undefined;
}

// UTS #46 as browsers apply it to host names, with every check on: letters, digits and hyphens
// only (STD3), no hyphen at a label's edges, joiners and bidi text in their allowed contexts, and
// labels of DNS length. Non-transitional: "ß" stays "ß", as IDNA2008 and browsers have it.
const IDNA: ToASCIIOptions = {
  checkBidi: true,
  checkHyphens: true,
  checkJoiners: true,
  useSTD3ASCIIRules: true,
  verifyDNSLength: true,
  transitionalProcessing: false,
};

/**
 * The IDNA ASCII form of a domain (`Quotidién.example` → `xn--quotidin-h1a.example`), in which
 * domains are stored and compared; undefined when it is not a domain name a newsroom can serve a
 * file from: not IDNA-valid, a single label, or an IPv4 address (a numeric last label).
 */
export function domainToAscii(domain: string): string | undefined {
  const ascii = toASCII(domain, IDNA);
  if (ascii === null) return undefined;
  const labels = ascii.split(".");
  if (labels.length < 2 || /^(?:\d+|0x[0-9a-f]*)$/.test(labels.at(-1)!)) return undefined;
  return ascii;
}

/** The Unicode form of a domain, for readers; undefined when it is not a domain name (domainToAscii). */
export function domainToUnicode(domain: string): string | undefined {
  const ascii = domainToAscii(domain);
  if (ascii === undefined) return undefined;
  const { domain: unicode, error } = toUnicode(ascii, IDNA);
  return error ? undefined : unicode;
}

/** Every rule a name and a domain break, each field's first issue only. */
export function identityIssues(name: string, domain: string): IdentityIssue[] {
  const issues = [characterIssue("name", name), characterIssue("domain", domain)].filter((issue) => issue !== undefined);
  if (!issues.some((issue) => issue.field === "domain") && domainToAscii(domain) === undefined) {
    issues.push({ field: "domain", rule: "not_a_domain_name", message: "the domain is not a domain name, e.g. newsroom.example" });
  }
  return issues;
}

/**
 * The UTS #39 skeleton of a text (section 4, internalSkeleton): NFD, default-ignorable code points
 * removed, each character replaced by its prototype in Unicode's confusables.txt (the
 * `unhomoglyph` package's copy of it), NFD again. Two texts with one skeleton look alike.
 *
 * One pass is not always a skeleton: some prototypes have prototypes of their own ("ﺁ", U+FE81,
 * maps to alef and madda, and alef to "l"). The passes repeat until the text no longer changes;
 * a few suffice, and SKELETON_PASSES bounds them whatever the data holds.
 */
export function confusableSkeleton(text: string): string {
  let skeleton = skeletonPass(text);
  for (let pass = 1; pass < SKELETON_PASSES; pass++) {
    const next = skeletonPass(skeleton);
    if (next === skeleton) break;
    skeleton = next;
  }
  return skeleton;
}

const SKELETON_PASSES = 8;

function skeletonPass(text: string): string {
  const decomposed = text.normalize("NFD").replace(/\p{Default_Ignorable_Code_Point}/gu, "");
  return unhomoglyph(decomposed).normalize("NFD");
}

/**
 * What two names or domains are compared by: their skeletons, ignoring case (lower-cased before,
 * so that "DEMO" meets "demo", and after, so that "0", whose prototype is "O", meets "o"), with
 * runs of white space as one space, since a page shows them so.
 */
export const lookalikeKey = (text: string) => confusableSkeleton(text.trim().replace(/\s+/gu, " ").toLowerCase()).toLowerCase();

/** A publisher as the identity rules compare it. */
export interface IdentityCandidate {
  id: number;
  name: string;
  domain: string;
}

/** Why a publisher's name or domain collides with an earlier active publisher's. */
export type IdentityConflict =
  | { code: "domain_taken_by"; publisherId: number }
  | { code: "confusable_with"; field: "name" | "domain"; publisherId: number };

/** The keys a publisher is compared by, computed once per publisher. */
export interface IdentityKeys {
  domainAscii: string | undefined;
  nameKey: string;
  domainKey: string;
}

export function identityKeys(candidate: Pick<IdentityCandidate, "name" | "domain">): IdentityKeys {
  const domainAscii = domainToAscii(candidate.domain);
  const unicode = domainAscii === undefined ? candidate.domain : (domainToUnicode(domainAscii) ?? domainAscii);
  return { domainAscii, nameKey: lookalikeKey(candidate.name), domainKey: lookalikeKey(unicode) };
}

/**
 * The active publishers' keys, each indexed by the first publisher that has it: what a newcomer
 * must not collide with. Lookups by key, so that measuring every publisher of a large registry
 * against those before it stays linear.
 */
export class ActiveIdentities {
  private readonly byDomain = new Map<string, number>();
  private readonly byDomainKey = new Map<string, number>();
  private readonly byNameKey = new Map<string, number>();

  add(publisherId: number, keys: IdentityKeys): void {
    if (keys.domainAscii !== undefined && !this.byDomain.has(keys.domainAscii)) this.byDomain.set(keys.domainAscii, publisherId);
    if (!this.byDomainKey.has(keys.domainKey)) this.byDomainKey.set(keys.domainKey, publisherId);
    if (!this.byNameKey.has(keys.nameKey)) this.byNameKey.set(keys.nameKey, publisherId);
  }

  /** How a newcomer collides: the same domain (IDNA ASCII form), else a lookalike domain; a lookalike name. */
  conflicts(keys: IdentityKeys): IdentityConflict[] {
    const conflicts: IdentityConflict[] = [];
    const sameDomain = keys.domainAscii === undefined ? undefined : this.byDomain.get(keys.domainAscii);
    const lookalikeDomain = this.byDomainKey.get(keys.domainKey);
    const lookalikeName = this.byNameKey.get(keys.nameKey);
    if (sameDomain !== undefined) conflicts.push({ code: "domain_taken_by", publisherId: sameDomain });
    else if (lookalikeDomain !== undefined) conflicts.push({ code: "confusable_with", field: "domain", publisherId: lookalikeDomain });
    if (lookalikeName !== undefined) conflicts.push({ code: "confusable_with", field: "name", publisherId: lookalikeName });
    return conflicts;
  }
}
