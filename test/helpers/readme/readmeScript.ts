import { codeBlocks, type CodeBlock } from "./codeBlocks";
import { parseExpectation, type Expectation } from "./expectation";

// What a README's code blocks ask to be done, in order (the convention is in test/readme.test.ts).

export type Step =
  /** A command line, run in the session, with the answers documented under it. */
  | { kind: "command"; line: number; command: string; expectations: Expectation[] }
  /** A ```console command: its documented output, line by line, `…` for what varies. */
  | { kind: "console"; line: number; command: string; output: string[] }
  /** `npm start`: in a terminal of its own, ready once it says so. */
  | { kind: "start"; line: number }
  /** `# Ctrl-C …`: npm start is stopped. */
  | { kind: "stop"; line: number }
  /** A ```lang file=NAME block: the file the text says to save. */
  | { kind: "file"; line: number; file: string; content: string };

const SHELLS = new Set(["sh", "bash", "shell"]);
const SKIP = "no-test";

export function readmeScript(markdown: string): Step[] {
  return codeBlocks(markdown).flatMap(blockSteps);
}

function blockSteps(block: CodeBlock): Step[] {
  const unknown = block.flags.filter((flag) => flag !== SKIP);
  const attributes = Object.keys(block.attributes).filter((name) => name !== "file");
  if (unknown.length + attributes.length > 0) {
    throw new Error(`line ${block.firstLine - 1}: unknown word in the info string: ${[...unknown, ...attributes].join(", ")}`);
  }
  if (block.flags.includes(SKIP)) return [];
  const { file } = block.attributes;
  if (file !== undefined) return [{ kind: "file", line: block.firstLine, file, content: `${block.lines.join("\n")}\n` }];
  if (SHELLS.has(block.lang)) return shellSteps(block);
  if (block.lang === "console") return consoleSteps(block);
  return [];
}

/** One step per command line (a trailing `\` continues it); `# → …` lines belong to the command above. */
function shellSteps(block: CodeBlock): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < block.lines.length; i++) {
    const line = block.firstLine + i;
    let text = block.lines[i]!;
    const trimmed = text.trim();
    if (trimmed === "") continue;
    if (trimmed.startsWith("# →")) {
      const last = steps.at(-1);
      if (last?.kind !== "command") throw new Error(`line ${line}: an answer (# →) with no command above it`);
      last.expectations.push(parseExpectation(trimmed.slice("# →".length)));
      continue;
    }
    if (trimmed.startsWith("# Ctrl-C")) {
      steps.push({ kind: "stop", line });
      continue;
    }
    if (trimmed.startsWith("#")) continue;
    while (text.endsWith("\\") && i + 1 < block.lines.length) text = `${text}\n${block.lines[++i]!}`;
    if (/^npm start(\s+#.*)?$/.test(text.trim())) steps.push({ kind: "start", line });
    else steps.push({ kind: "command", line, command: text, expectations: [] });
  }
  return steps;
}

/** `$ command` lines, each followed by the output it documents. */
function consoleSteps(block: CodeBlock): Step[] {
  const steps: Extract<Step, { kind: "console" }>[] = [];
  block.lines.forEach((text, i) => {
    if (text.startsWith("$ ")) steps.push({ kind: "console", line: block.firstLine + i, command: text.slice(2), output: [] });
    else if (steps.length === 0) throw new Error(`line ${block.firstLine + i}: a console block starts with a $ command`);
    else steps.at(-1)!.output.push(text);
  });
  return steps;
}
