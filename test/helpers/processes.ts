import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

export const PROJECT_ROOT = path.join(__dirname, "..", "..");
export const HARDHAT_BIN = path.join(PROJECT_ROOT, "node_modules", ".bin", "hardhat");

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Child {
  process: ChildProcess;
  output(): string;
  /** Resolves once the output matches `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Sends the signal to the whole process group and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts a project command and resolves once its output matches `ready`. */
export async function startChild(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 90_000): Promise<Child> {
  const child = spawn(args[0]!, args.slice(1), { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so a signal reaches every process it starts, as Ctrl-C in a terminal does.
    detached: true,
  });
  let output = "";
  const listeners = new Set<() => void>();
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const waitFor = (pattern: RegExp, ms = timeoutMs) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(output)) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`${args.join(" ")}: no ${pattern} in ${ms} ms:\n${output}`));
      }, ms);
      listeners.add(check);
      check();
    });
  await Promise.race([
    waitFor(ready),
    exited.then((code) => Promise.reject(new Error(`${args.join(" ")} exited with ${code} before it was ready:\n${output}`))),
  ]);
  return {
    process: child,
    output: () => output,
    waitFor,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null) process.kill(-child.pid!, signal);
      return exited;
    },
  };
}
