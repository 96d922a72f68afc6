import { UNASSIGNED_RANGES, UNICODE_VERSION } from "./unassignedCodePoints";

export { UNICODE_VERSION };

/** One bit per code point, set for those unassigned in the pinned version. */
const PINNED_UNASSIGNED = (() => {
  const bits = new Uint8Array(0x110000 >> 3);
  for (const range of UNASSIGNED_RANGES.split(",")) {
    const [from, to = from] = range.split("-").map((cp) => parseInt(cp, 16)) as [number, number?];
    for (let cp = from; cp <= to; cp++) bits[cp >> 3]! |= 1 << (cp & 7);
  }
  return bits;
})();

/**
 * The engine's own unassigned code points, when its Unicode may differ from the pinned one (a
 * browser does not say which it follows). An older engine cannot normalize the characters it does
 * not know, so those are refused too. Where Node says it follows the pinned version, the table
 * alone is the same set, and a scan with `\p{Cn}` would cost three times the table's.
 */
const ENGINE_UNASSIGNED = globalThis.process?.versions?.unicode === UNICODE_VERSION ? undefined : /\p{Cn}/u;

/**
 * The first code point of `text` that protocol v1 refuses as unassigned (general category Cn,
 * noncharacters included), or undefined. NFC is stable only for assigned characters: refusing the
 * others is what makes a CID the same under every Unicode version. Lone surrogates are not Cn;
 * the well-formedness rule refuses them.
 */
export function firstUnassignedCodePoint(text: string): number | undefined {
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (PINNED_UNASSIGNED[cp >> 3]! & (1 << (cp & 7))) return cp;
  }
  return ENGINE_UNASSIGNED?.exec(text)?.[0].codePointAt(0);
}

/** `U+0378`, as the Unicode standard writes a code point. */
export const codePointName = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
