// Everything the CLI prints as its answer goes through here, on stdout: JSON for --json, lines
// for people otherwise. Progress, prompts and errors go to stderr.

/** A labelled value of a human answer; rows without a value are left out. */
export type Field = [label: string, value: string | number | null | undefined];

/** Prints `value` as JSON (--json) or the lines `human` makes of it. */
export function emit<T>(options: { json?: boolean }, value: T, human: (value: T) => string[]): void {
  process.stdout.write(
    options.json
      ? `${JSON.stringify(value, null, 2)}\n`
      : human(value)
          .map((line) => `${line}\n`)
          .join(""),
  );
}

/** Labels and values in two aligned columns, indented under a heading. */
export function fieldLines(fields: Field[], indent = "  "): string[] {
  const shown = fields.filter((field): field is [string, string | number] => field[1] !== null && field[1] !== undefined);
  const width = Math.max(0, ...shown.map(([label]) => label.length));
  return shown.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`);
}

/** For progress and warnings: stderr, so that stdout holds only the answer. */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}
