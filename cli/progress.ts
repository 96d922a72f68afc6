import { Presets, SingleBar } from "cli-progress";
import { note } from "./output";

/** What one finished item tells the progress display. */
export interface ProgressItem {
  file: string;
  status: string;
  detail: string;
}

export interface Progress {
  advance(item: ProgressItem): void;
  stop(): void;
}

/**
 * How a long run shows its progress on stderr: a bar (count, rate, ETA) on a terminal, one line
 * per item when stderr is a file or a pipe (logs, CI), nothing with --json.
 */
export function createProgress(total: number, options: { json?: boolean }): Progress {
  if (options.json) return { advance: () => {}, stop: () => {} };
  return process.stderr.isTTY ? progressBar(total) : progressLines(total);
}

function progressBar(total: number): Progress {
  const bar = new SingleBar(
    {
      format: "Publishing {bar} {value}/{total} | {rate}/s | ETA {eta_formatted} | {failed} failed",
      etaBuffer: 50,
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  let done = 0;
  let failed = 0;
  bar.start(total, 0, { rate: "0.0", failed });
  return {
    advance(item) {
      done++;
      if (item.status === "failed") failed++;
      bar.update(done, { rate: (done / Math.max((Date.now() - started) / 1000, 0.001)).toFixed(1), failed });
    },
    stop: () => bar.stop(),
  };
}

function progressLines(total: number): Progress {
  const width = String(total).length;
  let done = 0;
  return {
    advance({ file, status, detail }) {
      done++;
      note(`${String(done).padStart(width)}/${total} ${status} ${file} ${detail}`);
    },
    stop: () => {},
  };
}
