import { spawn, type ChildProcessByStdio } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Readable, Writable } from "node:stream";

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * One bash process that runs commands one after the other, as a terminal does: what one command
 * exports or changes (`export`, `cd`, `$?`) the next one sees. Each command's stdout and stderr go
 * to files of their own, and bash reports its end on a pipe of its own (fd 3), so that nothing a
 * command prints can be taken for that report.
 */
export class ShellSession {
  private readonly bash: ChildProcessByStdio<Writable, Readable, Readable>;
  private readonly outputDir: string;
  private count = 0;
  private reports = "";
  private readonly waiting = new Map<number, (code: number) => void>();
  private log = "";
  private exited: string | undefined;

  constructor(options: { cwd: string; env: NodeJS.ProcessEnv; outputDir: string }) {
    this.outputDir = options.outputDir;
    this.bash = spawn("bash", ["--noprofile", "--norc"], { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe", "pipe"] }) as never;
    const reports = (this.bash as unknown as { stdio: Readable[] }).stdio[3]!;
    reports.on("data", (chunk: Buffer) => this.onReports(chunk.toString()));
    this.bash.stdout.on("data", (chunk: Buffer) => (this.log += chunk.toString()));
    this.bash.stderr.on("data", (chunk: Buffer) => (this.log += chunk.toString()));
    this.bash.once("exit", (code, signal) => {
      this.exited = `bash exited (${signal ?? code}):\n${this.log}`;
      for (const resolve of this.waiting.values()) resolve(-1);
    });
  }

  /** Runs `command` to its end, its stdin empty. */
  async run(command: string, timeoutMs: number): Promise<CommandRun> {
    if (this.exited) throw new Error(this.exited);
    const n = ++this.count;
    const stdoutFile = path.join(this.outputDir, `${n}.stdout`);
    const stderrFile = path.join(this.outputDir, `${n}.stderr`);
    const ended = new Promise<number>((resolve) => this.waiting.set(n, resolve));
    // `(exit $rc)` leaves the command's status in $? for the next command (`echo $?`).
    this.bash.stdin.write(
      `{\n${command}\n} > ${quote(stdoutFile)} 2> ${quote(stderrFile)} < /dev/null\n` +
        `__readme_rc=$?; printf 'step %s %s\\n' ${n} "$__readme_rc" >&3; (exit "$__readme_rc")\n`,
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms: ${command}`)), timeoutMs);
    });
    try {
      const code = await Promise.race([ended, timeout]);
      if (this.exited) throw new Error(this.exited);
      return { code, stdout: fs.readFileSync(stdoutFile, "utf8"), stderr: fs.readFileSync(stderrFile, "utf8") };
    } finally {
      clearTimeout(timer);
      this.waiting.delete(n);
    }
  }

  /** The session's environment now, with everything its commands exported. */
  async environment(): Promise<NodeJS.ProcessEnv> {
    const { stdout } = await this.run("env -0", 10_000);
    return Object.fromEntries(
      stdout
        .split("\0")
        .filter(Boolean)
        .map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
    );
  }

  close(): void {
    if (!this.exited) this.bash.stdin.end();
  }

  private onReports(text: string): void {
    this.reports += text;
    let end: number;
    while ((end = this.reports.indexOf("\n")) !== -1) {
      const [, n, code] = /^step (\d+) (\d+)$/.exec(this.reports.slice(0, end)) ?? [];
      this.reports = this.reports.slice(end + 1);
      if (n !== undefined) this.waiting.get(Number(n))?.(Number(code));
    }
  }
}

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
