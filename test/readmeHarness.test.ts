import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { jsonMismatch, parseElidedJson, parseExpectation } from "./helpers/readme/expectation";
import { readmeScript } from "./helpers/readme/readmeScript";
import { runReadme, type BackgroundService } from "./helpers/readme/runReadme";

// The README test's harness (test/readme.test.ts) can fail: each documented answer that is not the
// real one, each malformed block, is reported with its line. Small documents, plain shell commands.

const fence = "```";

describe("the README harness", function () {
  let folder: string;
  let started: string[];

  const run = (markdown: string) =>
    runReadme(markdown, {
      cwd: folder,
      env: { PATH: process.env.PATH },
      stepTimeoutMs: 10_000,
      startService: async (env): Promise<BackgroundService> => {
        started.push(env.GREETING ?? "");
        return { output: () => "  Admin token     s3cret (generated)\n", stop: async () => void started.push("stopped") };
      },
    });
  const sh = (...lines: string[]) => `Some prose.\n\n${fence}sh\n${lines.join("\n")}\n${fence}\n`;

  beforeEach(function () {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-readme-harness-"));
    started = [];
  });
  afterEach(function () {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  describe("documented answers", function () {
    it("passes when each command gives its answer, in one session whose exports carry over", async function () {
      const result = await run(
        sh(
          "export GREETING=hello",
          `echo '{"a":1,"b":[1,2],"c":"bagaaiera6b7xyz"}'`,
          `# → {"a":1,"c":"bagaaiera6b7…",…}`,
          "echo $GREETING world; (exit 4)",
          "# → exit 4 hel…rld",
          "npm start",
          "echo <the admin token npm start printed>",
          "# → s3cret",
          "# Ctrl-C in its terminal",
        ),
      );
      expect(result).to.deep.equal({ steps: 6, checks: 3 });
      expect(started).to.deep.equal(["hello", "stopped"]);
    });

    it("fails a command that exits other than documented, naming its README line", async function () {
      await expectFailure(run(sh("true", "false")), /README line 5: false\nexited 1, not 0/);
      await expectFailure(run(sh("(exit 3)", "# → exit 4")), /README line 4: \(exit 3\)\nexited 3, not 4/);
    });

    it("fails a JSON answer that lacks a member or differs in a value", async function () {
      await expectFailure(run(sh(`echo '{"a":1}'`, `# → {"a":1,"b":2}`)), /\$\.b: missing/);
      await expectFailure(run(sh(`echo '{"a":[1,2]}'`, `# → {"a":[1]}`)), /\$\.a: expected 1 elements, got 2/);
      await expectFailure(run(sh(`echo '{"cid":"bafy"}'`, `# → {"cid":"bagaa…"}`)), /\$\.cid: expected "bagaa…", got "bafy"/);
      await expectFailure(run(sh("echo not json", `# → {"a":1}`)), /stdout is not JSON/);
    });

    it("fails a text or an HTTP status the command did not print", async function () {
      await expectFailure(run(sh("echo VERIFIED", "# → RETRACTED")), /printed no "RETRACTED"/);
      await expectFailure(run(sh("echo body; echo 404 >&2", "# → 201")), /HTTP status 404, not 201/);
    });

    it("fails a placeholder nothing printed", async function () {
      await expectFailure(run(sh("echo <the Address keygen printed>")), /<the Address keygen printed>: nothing printed such a value/);
    });
  });

  describe("console blocks", function () {
    const consoleBlock = (...lines: string[]) => `${fence}console\n${lines.join("\n")}\n${fence}\n`;

    it("match the documented output line by line, in order, … for what varies; $ echo $? checks the exit code", async function () {
      const result = await run(consoleBlock("$ printf 'one 1\\ntwo 22\\nthree\\n'; (exit 3)", "one …", "…", "three", "$ echo $?", "3"));
      expect(result).to.deep.equal({ steps: 2, checks: 2 });
    });

    it("fail on a line the command did not print, or printed out of order", async function () {
      await expectFailure(run(consoleBlock("$ printf 'one\\ntwo\\n'", "two", "one")), /no line like "one" after line 2 of the output/);
      await expectFailure(run(consoleBlock("$ (exit 3)", "$ echo $?", "0")), /no line like "0"/);
    });
  });

  describe("blocks", function () {
    it("saves a file= block, and runs no no-test block", async function () {
      await run(`${fence}js file=sign.mjs\nconsole.log("saved");\n${fence}\n\n${fence}sh no-test\nfalse\n${fence}\n${sh("node sign.mjs", "# → saved")}`);
      expect(fs.readFileSync(path.join(folder, "sign.mjs"), "utf8")).to.equal('console.log("saved");\n');
    });

    it("refuses an unknown word in an info string, an answer with no command, an unclosed block", function () {
      expect(() => readmeScript(`${fence}sh no-tset\nfalse\n${fence}\n`)).to.throw(/line 1: unknown word in the info string: no-tset/);
      expect(() => readmeScript(sh("# → 200"))).to.throw(/line 4: an answer \(# →\) with no command above it/);
      expect(() => readmeScript(`${fence}sh\ntrue\n`)).to.throw(/line 1: the code block opened here never closes/);
    });

    it("fails a Ctrl-C with no npm start running", async function () {
      await expectFailure(run(sh("# Ctrl-C")), /no npm start to stop/);
    });
  });

  describe("answers", function () {
    it("read an exit code or a status, then JSON or a text", function () {
      expect(parseExpectation(" exit 4 RETRACTED")).to.deep.equal({ exitCode: 4, text: "RETRACTED" });
      expect(parseExpectation(' 201 {"a":1}')).to.deep.equal({ status: 201, json: { a: 1 } });
      expect(parseExpectation(" 3 articles:")).to.deep.equal({ text: "3 articles:" });
    });

    it("take … for members and elements left out, inside strings as a wildcard", function () {
      const expected = parseElidedJson('{"a":[1,…],"b":"0x…",…}');
      expect(jsonMismatch(expected, { a: [1, 2, 3], b: "0xabc", c: true })).to.equal(undefined);
      expect(jsonMismatch(expected, { a: [], b: "0xabc" })).to.equal("$.a: expected at least 1 elements, got 0");
      expect(jsonMismatch(parseElidedJson('{"s":"a…b"}'), { s: "a…b" })).to.equal(undefined);
      expect(jsonMismatch(parseElidedJson('{"s":"…"}'), { s: 12 })).to.equal(undefined);
    });
  });
});

async function expectFailure(running: Promise<unknown>, pattern: RegExp): Promise<void> {
  const error = await running.then(
    () => undefined,
    (error: Error) => error,
  );
  expect(error, "the run passed").to.be.instanceOf(Error);
  expect(error!.message).to.match(pattern);
}
