// Builds the reader's pages (web/) into dist/web, which the service serves at /. Called by
// scripts/start.ts before it listens and by the browser tests, so `npm start` needs no extra step.
import fs from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";

const PROJECT_ROOT = path.join(__dirname, "..");
const SOURCE = path.join(PROJECT_ROOT, "web");
/** Where the built pages go (gitignored with the rest of dist/). */
export const WEB_ROOT = path.join(PROJECT_ROOT, "dist", "web");

/** Served as they are. */
const STATIC_FILES = ["index.html", "publishers.html", "favicon.svg"];

/** Bundles the pages' scripts and styles and copies their HTML; returns the folder to serve. */
export async function buildWeb(outDir: string = WEB_ROOT): Promise<string> {
  await fs.rm(outDir, { recursive: true, force: true });
  await build({
    entryPoints: ["main.ts", "publishers.ts", "styles.css"].map((file) => path.join(SOURCE, file)),
    outdir: outDir,
    bundle: true,
    // The two pages share their API client; the protocol's ES-only dependencies, which
    // protocol/contentId.ts loads with import(), become chunks of their own.
    splitting: true,
    format: "esm",
    // Resolves packages' browser builds (multiformats' sha2 on Web Crypto), and fails the build
    // if any module reaches for a Node built-in, which a browser does not have.
    platform: "browser",
    // Browsers from 2023 on: String.prototype.isWellFormed and URL.canParse, which the protocol uses.
    target: ["chrome120", "firefox121", "safari17"],
    minify: true,
    sourcemap: "linked",
    logLevel: "warning",
  });
  await Promise.all(STATIC_FILES.map((file) => fs.copyFile(path.join(SOURCE, file), path.join(outDir, file))));
  return outDir;
}
