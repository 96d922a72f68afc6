// `npm run bench`: every figure of docs/benchmarks.md from one run. BENCH_ONLY=gas,hashing,publish,verify,scale,hostile
// runs a subset (and then leaves docs/benchmarks.md alone); BENCH_SCALE sets the scale run's size (300,000 articles).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { measureGas } from "./gas";
import { measureHashing } from "./hashing";
import { measureHostile } from "./hostile";
import { measurePublishing, measureVerification } from "./http";
import { measureScale, scaleCheckpoints } from "./scale";
import { renderReport, type BenchReport } from "./report";

const ALL = ["gas", "hashing", "publish", "verify", "scale", "hostile"] as const;

async function main() {
  const only = process.env.BENCH_ONLY?.split(",") ?? [...ALL];
  const log = (line: string) => console.error(line);
  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`,
    command: only.length === ALL.length ? "npm run bench" : `BENCH_ONLY=${only.join(",")} npm run bench`,
  };
  if (only.includes("gas")) {
    log("gas…");
    report.gas = await measureGas();
  }
  if (only.includes("hashing")) {
    log("hashing a 1 MB article…");
    report.hashing = await measureHashing();
  }
  if (only.includes("publish")) {
    log("publish throughput…");
    report.publish = await measurePublishing(log);
  }
  if (only.includes("verify")) {
    log("verify throughput…");
    report.verify = await measureVerification(log);
  }
  if (only.includes("scale")) {
    const count = Number(process.env.BENCH_SCALE ?? 300_000);
    log(`scale: ${count} articles, memory read at ${scaleCheckpoints(count).join(", ")}…`);
    report.scale = await measureScale(count, Math.min(1_000, count), log);
  }
  if (only.includes("hostile")) {
    log("hostile requests…");
    report.hostile = await measureHostile(log);
  }
  const markdown = renderReport(report);
  console.log(markdown);
  if (only.length === ALL.length) fs.writeFileSync(path.join(__dirname, "..", "..", "docs", "benchmarks.md"), markdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
