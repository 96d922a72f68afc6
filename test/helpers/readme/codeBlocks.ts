/** A fenced code block of a Markdown document: ```lang word key=value … */
export interface CodeBlock {
  lang: string;
  /** The info string's other words: flags such as `no-test`, and `key=value` attributes. */
  flags: string[];
  attributes: Record<string, string>;
  /** The lines between the fences. */
  lines: string[];
  /** 1-based line number of the block's first line in the document. */
  firstLine: number;
}

/**
 * The fenced code blocks of a document, in order. Only what our own Markdown uses: fences of three
 * or more backticks or tildes at the start of a line, closed by a line of the same fence alone. A
 * Markdown library would parse what we never write, and a fence that never closes is an error here.
 */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,}|~{3,})(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const [lang = "", ...words] = open[2]!.trim().split(/\s+/).filter(Boolean);
    const close = lines.findIndex((line, j) => j > i && line.trimEnd() === fence);
    if (close === -1) throw new Error(`line ${i + 1}: the code block opened here never closes`);
    blocks.push({
      lang,
      flags: words.filter((word) => !word.includes("=")),
      attributes: Object.fromEntries(words.filter((word) => word.includes("=")).map((word) => word.split("=", 2) as [string, string])),
      lines: lines.slice(i + 1, close),
      firstLine: i + 2,
    });
    i = close;
  }
  return blocks;
}
