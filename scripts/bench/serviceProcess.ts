import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";

const ROOT = path.join(__dirname, "..", "..");

export interface ServiceProcess {
  url: string;
  chainUrl: string;
  pid: number;
  dataDir: string;
  /** Peak resident memory of the service process so far (VmHWM), in bytes. */
  peakRss(): number;
  /** Resident memory of the service process now (VmRSS), in bytes. */
  rss(): number;
  /** Size of the SQLite files in DATA_DIR, in bytes. */
  dataSize(): number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function processGroupAlive(groupId: number): boolean {
  try {
    process.kill(-groupId, 0);
    return true;
  } catch {
    return false;
  }
}

async function processGroupGone(groupId: number): Promise<void> {
  while (processGroupAlive(groupId)) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** `npm start` as an operator runs it (embedded chain, fresh data directory), in its own process. */
export async function startServiceProcess(env: Record<string, string>, nodeArgs: string[] = []): Promise<ServiceProcess> {
  const [port, chainPort] = [await freePort(), await freePort()];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-bench-"));
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, path.join(ROOT, "node_modules", "hardhat", "internal", "cli", "cli.js"), "run", "scripts/start.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), CHAIN_PORT: String(chainPort), DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Press Ctrl-C to stop")) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`the service exited with ${code}:\n${output}`)));
  });
  // `hardhat run` forks the script: the service is the child of the process we started.
  const servicePid = Number(fs.readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, "utf8").trim().split(/\s+/)[0]);
  const readStatus = (field: string) => {
    const line = fs.readFileSync(`/proc/${servicePid}/status`, "utf8").split("\n").find((l) => l.startsWith(field));
    return Number(line?.split(/\s+/)[1] ?? 0) * 1024;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    chainUrl: `http://127.0.0.1:${chainPort}`,
    pid: servicePid,
    dataDir,
    peakRss: () => readStatus("VmHWM:"),
    rss: () => readStatus("VmRSS:"),
    dataSize: () => fs.readdirSync(dataDir).reduce((sum, file) => sum + fs.statSync(path.join(dataDir, file)).size, 0),
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid!, "SIGINT");
      await exited;
      // `hardhat run` can exit before the service it forked has written its last batch files:
      // removing the directory under those writes fails with ENOTEMPTY.
      await processGroupGone(child.pid!);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
