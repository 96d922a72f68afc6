import { visit } from "jsonc-parser";

/** Where a JSON text repeats a member name within one object. */
export interface DuplicateKey {
  /** The path to the repeated member, e.g. `["article", "title"]`. */
  path: (string | number)[];
  key: string;
}

/**
 * The first member name repeated within one object of a JSON text, at any depth, compared after
 * unescaping (`"a"` and `"\u0061"` are one name). Undefined when there is none, when the text is
 * not JSON at all (that is for JSON.parse to say), and when it nests too deeply to walk. JSON.parse
 * keeps the last value of a repeated name and a first-wins parser the first, so the two would read
 * two articles from one text.
 *
 * jsonc-parser (Microsoft's parser behind VS Code's JSON support) walks the text with a visitor and
 * builds no value: in strict mode (no comments, no trailing commas) it reads exactly RFC 8259.
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  let duplicate: DuplicateKey | undefined;
  let malformed = false;
  try {
    walk(text, (found) => (duplicate ??= found), () => (malformed = true));
  } catch (error) {
    // jsonc-parser recurses once per level: thousands of nested arrays overflow the stack. No
    // protocol value nests more than a few levels, so the schema refuses such a text anyway.
    if (!(error instanceof RangeError)) throw error;
    return undefined;
  }
  return malformed ? undefined : duplicate;
}

function walk(text: string, onDuplicate: (found: DuplicateKey) => void, onError: () => void): void {
  const objects: Set<string>[] = [];
  visit(
    text,
    {
      onObjectBegin: () => void objects.push(new Set()),
      onObjectEnd: () => void objects.pop(),
      onObjectProperty: (key, _offset, _length, _line, _column, pathSupplier) => {
        const keys = objects.at(-1)!;
        if (keys.has(key)) onDuplicate({ path: [...pathSupplier(), key], key });
        keys.add(key);
      },
      onError,
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
}

/** A JSON text that repeats a member name: protocol v1 reads no value from it. */
export class DuplicateKeyError extends Error {
  override readonly name = "DuplicateKeyError";
  constructor(readonly duplicate: DuplicateKey) {
    const where = duplicate.path.slice(0, -1).join(".");
    super(`the member name ${JSON.stringify(duplicate.key)} appears twice in one object${where === "" ? "" : ` (at ${where})`}`);
  }
}

/** JSON.parse, refusing a repeated member name with a DuplicateKeyError; a SyntaxError when the text is not JSON. */
export function parseJsonStrict(text: string): unknown {
  const value: unknown = JSON.parse(text);
  const duplicate = findDuplicateKey(text);
  if (duplicate) throw new DuplicateKeyError(duplicate);
  return value;
}
