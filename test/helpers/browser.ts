import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's chromium package, which .ci/run installs: playwright-core brings no browser of its own. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

// The background-networking flags keep Chromium from calling home for updates and sync, which on
// a machine with no way out floods the network with retries.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** A headless Chromium. Throws, rather than letting a caller skip, when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`the browser tests need Debian's chromium at ${CHROMIUM_PATH}: run \`apt-get install -y chromium\` (.ci/run does)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
