// README.md is executable: this runs its walkthrough as a newcomer would, on a fresh data dir and
// free ports, and checks every answer it documents. A README change that breaks an example fails here.
//
// How it reads README.md (and how to write for it):
// - Every ```sh block runs, in document order, in one bash session, from a fresh folder inside the
//   repository (so `node sign.mjs` finds its packages) where `test/` is the repository's: what one
//   command exports, the next one sees. One command a line; a trailing `\` continues it. Comment
//   lines are for people, but for two kinds:
//     `# → <answer>` after a command documents its answer: `exit N` (else it must exit 0), an HTTP
//     status of 3 digits (curl's last, which the session's curl also writes on stderr), then a JSON
//     subset of stdout (`{…}`: these members at least; `…` leaves out members or elements, or ends a
//     string) or a text that stdout or stderr contains (`…` for any run of characters).
//     `# Ctrl-C …` stops the npm start the walkthrough started.
// - A command line `npm start` runs in the background, as in a terminal of its own; the next step
//   waits until it is ready.
// - `<the LABEL SOURCE printed>` is what a reader copies by hand: the value SOURCE printed after the
//   label LABEL (SOURCE: `npm start`, or words of an earlier command, e.g. `keygen`).
// - A ```console block: each `$ command` runs likewise, and the lines under it are its output: each
//   must match a line of what it prints, in order, `…` standing for what varies (`$ echo $?` then
//   checks the exit code).
// - A block whose info string says `file=NAME` (```js file=sign.mjs) is saved as that file.
// - ```sh no-test: never run (npm install, an external chain). Any other word in an info string is
//   refused, so a typo cannot turn a block off.
// The session starts with PORT and CHAIN_PORT set to free ports and DATA_DIR to the folder's data/,
// which the README's `export PORT=${PORT:-3000}` keeps.
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { freePort, PROJECT_ROOT, startChild } from "./helpers/processes";
import { runReadme } from "./helpers/readme/runReadme";

/** Settings of whoever runs the tests that would change what the walkthrough does. */
const FOREIGN = /^(NEWSPROV_|ADMIN_TOKEN$|RPC_URL$|REGISTRY_|RELAYER_|REGISTRAR_|DEMO_PUBLISHER$|ANCHOR_MODE$|DATA_DIR$)/;

describe("README.md, run as written", function () {
  this.timeout(10 * 60_000);
  let folder: string;

  before(function () {
    folder = fs.mkdtempSync(path.join(PROJECT_ROOT, ".readme-run-"));
    fs.symlinkSync(path.join(PROJECT_ROOT, "test"), path.join(folder, "test"));
  });
  after(function () {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it("gives every answer it documents, from a fresh data dir", async function () {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !FOREIGN.test(name)));
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
    const run = await runReadme(readme, {
      cwd: folder,
      env: { ...env, PORT: String(await freePort()), CHAIN_PORT: String(await freePort()), DATA_DIR: path.join(folder, "data") },
      stepTimeoutMs: 120_000,
      startService: async (sessionEnv) => {
        const child = await startChild(["npm", "start"], sessionEnv, /Press Ctrl-C to stop/);
        return {
          output: child.output,
          stop: async () => {
            await child.stop("SIGINT");
            // `hardhat run` runs the script in a child process, which may print this after its parent exits.
            await child.waitFor(/Stopped\./, 30_000);
          },
        };
      },
    });
    // Every documented answer was checked: none sits in a block the harness did not run.
    const documented = (readme.match(/^# →/gm) ?? []).length + (readme.match(/^\$ /gm) ?? []).length;
    expect(documented).to.be.at.least(25);
    expect(run.checks).to.equal(documented);
  });
});
