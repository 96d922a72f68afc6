// The documented answer of a README command, `# → …` on the line after it: an exit code or an
// HTTP status, then a JSON subset or a text, each optional. `…` stands for what varies.

export interface Expectation {
  /** `exit N`; when absent the command must exit 0. */
  exitCode?: number;
  /** A 3-digit HTTP status: the last one curl answered in the command. */
  status?: number;
  /** `{…}` or `[…]`: JSON that stdout must hold (objects: these members at least). */
  json?: unknown;
  /** Anything else: a text stdout or stderr must contain, `…` matching any run of characters. */
  text?: string;
}

/** A marker the parser puts where `…` stood in a JSON container: any further members or elements. */
const OPEN = "\u0000…";
/** OPEN as JSON text: a control character must be escaped in a JSON string. */
const OPEN_JSON = JSON.stringify(OPEN);

export function parseExpectation(source: string): Expectation {
  const match = /^(?:(?:exit (\d+)|(\d{3}))(?:\s+|$))?(.*)$/s.exec(source.trim())!;
  const [, exitCode, status, rest = ""] = match;
  const expectation: Expectation = {};
  if (exitCode !== undefined) expectation.exitCode = Number(exitCode);
  if (status !== undefined) expectation.status = Number(status);
  if (/^[[{]/.test(rest)) expectation.json = parseElidedJson(rest);
  else if (rest !== "") expectation.text = rest;
  return expectation;
}

/** JSON in which `…` may stand for the members or elements left out, and end or replace a string. */
export function parseElidedJson(text: string): unknown {
  let out = "";
  const containers: string[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      out += char;
      if (char === "\\") out += text[++i] ?? "";
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === "{" || char === "[") containers.push(char);
    else if (char === "}" || char === "]") containers.pop();
    else if (char === "…") {
      out += containers.at(-1) === "{" ? `${OPEN_JSON}:true` : OPEN_JSON;
      continue;
    }
    out += char;
  }
  try {
    return JSON.parse(out);
  } catch (error) {
    throw new Error(`not JSON, even with … elided: ${text} (${(error as Error).message})`);
  }
}

/** A text with `…` wildcards as a regular expression: `whole` anchors it to a whole line. */
export function templatePattern(template: string, whole = false): RegExp {
  const body = template
    .split("…")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(whole ? `^${body}$` : body);
}

/** Why `actual` does not hold `expected`, or undefined when it does. */
export function jsonMismatch(expected: unknown, actual: unknown, at = "$"): string | undefined {
  if (typeof expected === "string") {
    if (expected === "…" || expected === OPEN) return undefined;
    if (typeof actual !== "string") return `${at}: expected a string like ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
    return templatePattern(expected, true).test(actual) ? undefined : `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at}: expected an array, got ${JSON.stringify(actual)}`;
    const open = expected.includes(OPEN);
    const items = expected.filter((item) => item !== OPEN);
    if (open ? actual.length < items.length : actual.length !== items.length) {
      return `${at}: expected ${open ? "at least " : ""}${items.length} elements, got ${actual.length}`;
    }
    for (const [i, item] of items.entries()) {
      const mismatch = jsonMismatch(item, actual[i], `${at}[${i}]`);
      if (mismatch) return mismatch;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return `${at}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      if (key === OPEN) continue;
      if (!(key in actual)) return `${at}.${key}: missing`;
      const mismatch = jsonMismatch(value, (actual as Record<string, unknown>)[key], `${at}.${key}`);
      if (mismatch) return mismatch;
    }
    return undefined;
  }
  return expected === actual ? undefined : `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}
