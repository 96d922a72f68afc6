import fs from "node:fs";
import path from "node:path";
import { jsonMismatch, templatePattern, type Expectation } from "./expectation";
import { readmeScript, type Step } from "./readmeScript";
import { ShellSession, type CommandRun } from "./shellSession";

/** `npm start` as the walkthrough runs it: in the background, with the session's environment. */
export interface BackgroundService {
  output(): string;
  stop(): Promise<void>;
}

export interface ReadmeRunOptions {
  /** Where the commands run, and where the files they create go. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  stepTimeoutMs: number;
  /** Starts `npm start` with this environment and resolves once it is ready. */
  startService(env: NodeJS.ProcessEnv): Promise<BackgroundService>;
}

export interface ReadmeRun {
  /** Steps run, and documented answers checked. */
  steps: number;
  checks: number;
}

// curl says nothing of the HTTP status with -s: this curl also writes it on stderr, as a last line,
// and leaves its stdout as the command asked.
const PRELUDE = `curl() { command curl --write-out '%{stderr}%{http_code}\\n' "$@"; }`;

/** Runs a README's steps in order, in one shell session, and throws at the first answer that is not the documented one. */
export async function runReadme(markdown: string, options: ReadmeRunOptions): Promise<ReadmeRun> {
  const steps = readmeScript(markdown);
  const outputDir = fs.mkdtempSync(path.join(options.cwd, ".steps-"));
  const session = new ShellSession({ cwd: options.cwd, env: options.env, outputDir });
  const history: { command: string; stdout: string }[] = [];
  let service: BackgroundService | undefined;
  let checks = 0;
  try {
    await session.run(PRELUDE, options.stepTimeoutMs);
    for (const step of steps) {
      const fail = (problem: string, run?: CommandRun): never => {
        throw new Error(`README line ${step.line}: ${"command" in step ? step.command : step.kind}\n${problem}${run ? runOutput(run) : ""}`);
      };
      switch (step.kind) {
        case "file":
          fs.writeFileSync(path.join(options.cwd, step.file), step.content);
          break;
        case "start":
          if (service) fail("npm start is running already");
          service = await options.startService(await session.environment());
          break;
        case "stop":
          if (!service) fail("no npm start to stop");
          await service!.stop();
          service = undefined;
          break;
        case "command":
        case "console": {
          const command = withPlaceholders(step.command, history, service, fail);
          const run = await session.run(command, options.stepTimeoutMs);
          history.push({ command, stdout: run.stdout });
          const problem = step.kind === "command" ? commandMismatch(step.expectations, run) : outputMismatch(step.output, run.stdout);
          if (problem) fail(problem, run);
          checks += step.kind === "command" ? step.expectations.length : 1;
          break;
        }
      }
    }
  } finally {
    session.close();
    await service?.stop();
  }
  return { steps: steps.length, checks };
}

/**
 * `<the LABEL SOURCE printed>`: the value SOURCE printed after LABEL, at the start of one of its
 * lines. SOURCE is `npm start` or words of an earlier command (its latest run counts); LABEL is
 * the longest run of the first words that SOURCE printed as a label.
 */
function withPlaceholders(command: string, history: { command: string; stdout: string }[], service: BackgroundService | undefined, fail: (problem: string) => never): string {
  return command.replace(/<the ([^<>]+?) printed>/g, (placeholder, phrase: string) => {
    const words = phrase.split(" ");
    for (let split = words.length - 1; split > 0; split--) {
      const source = words.slice(split).join(" ");
      const printed = source === "npm start" ? service?.output() : history.findLast((entry) => entry.command.includes(source))?.stdout;
      if (printed === undefined) continue;
      for (let end = split; end > 0; end--) {
        const label = words.slice(0, end).join(" ").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        const value = new RegExp(`^\\s*${label}\\s+(\\S+)`, "im").exec(printed)?.[1];
        if (value !== undefined) return value;
      }
    }
    return fail(`${placeholder}: nothing printed such a value`);
  });
}

/** Whether a run gave each documented answer: its exit code (0 unless one is documented), status, JSON and text. */
function commandMismatch(expectations: Expectation[], run: CommandRun): string | undefined {
  const exitCode = expectations.find((expectation) => expectation.exitCode !== undefined)?.exitCode ?? 0;
  if (run.code !== exitCode) return `exited ${run.code}, not ${exitCode}`;
  for (const expectation of expectations) {
    if (expectation.status !== undefined) {
      const status = Number(run.stderr.trim().split("\n").at(-1));
      if (status !== expectation.status) return `HTTP status ${status}, not ${expectation.status}`;
    }
    if (expectation.json !== undefined) {
      let answer: unknown;
      try {
        answer = JSON.parse(run.stdout);
      } catch {
        return "stdout is not JSON";
      }
      const mismatch = jsonMismatch(expectation.json, answer);
      if (mismatch) return mismatch;
    }
    if (expectation.text !== undefined && !templatePattern(expectation.text).test(run.stdout + run.stderr)) {
      return `printed no ${JSON.stringify(expectation.text)}`;
    }
  }
  return undefined;
}

/** Every documented line (but a lone `…`) matches a line of stdout, in order. */
function outputMismatch(documented: string[], stdout: string): string | undefined {
  const lines = stdout.split("\n").map((line) => line.trimEnd());
  let next = 0;
  for (const line of documented.filter((text) => text.trim() !== "…")) {
    const pattern = templatePattern(line.trimEnd(), true);
    const found = lines.findIndex((actual, i) => i >= next && pattern.test(actual));
    if (found === -1) return `no line like ${JSON.stringify(line)}${next > 0 ? ` after line ${next} of the output` : ""}`;
    next = found + 1;
  }
  return undefined;
}

const runOutput = (run: CommandRun) => `\n--- exit ${run.code}, stdout:\n${run.stdout.slice(0, 4000)}\n--- stderr:\n${run.stderr.slice(0, 4000)}`;
