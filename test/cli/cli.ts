import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { PROJECT_ROOT } from "../helpers/processes";
import type { ServiceOptions } from "../../server/service";
import { startTestService } from "../helpers/service";

// Shared pieces of the CLI tests, which run the real binary against a real (in-process) service.

export const NEWSPROV_BIN = path.join(PROJECT_ROOT, "bin", "newsprov.js");

/** Hardhat's well-known public test key #1, the demo publisher's key. Not a secret. */
export const DEMO_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

export const CLI_FIXTURES = path.join(__dirname, "fixtures");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** This process's environment without the NEWSPROV_ variables of whoever runs the tests, plus `env`. */
export function cliEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("NEWSPROV_")));
  return { ...clean, ...env };
}

/**
 * Runs `node bin/newsprov.js …` to its end. Asynchronously, never spawnSync: the service under
 * test answers from this process's event loop. No stdin, so the CLI never prompts.
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [NEWSPROV_BIN, ...args], {
    cwd: PROJECT_ROOT,
    env: cliEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The CLI failed the way it promises to: the exit code, and one `newsprov: …` line on stderr. */
export function expectOneLineError(run: CliRun, code: number, pattern: RegExp): void {
  expect(run.code, run.stderr).to.equal(code);
  expect(run.stderr).to.match(/^newsprov: [^\n]+\n$/);
  expect(run.stderr).to.match(pattern);
}

/** Parses stdout of a --json run, failing with the run's stderr when it is not JSON. */
export function jsonOf<T = any>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-cli-"));
}

/** The test service on the in-process Hardhat chain, listening on a free port for the CLI. */
export async function startListeningService(options: Partial<ServiceOptions> = {}) {
  const ctx = await startTestService(options);
  const server = ctx.app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await ctx.service.close();
  };
  return { ...ctx, url, close };
}
