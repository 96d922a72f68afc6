import { expect } from "chai";
import type { Command } from "commander";
import { createProgram } from "../../cli/program";
import { expectOneLineError, runCli } from "./cli";

/** Every command and subcommand of the program, as the words that invoke it. */
const commandsOf = (command: Command, prefix: string[] = []): string[][] =>
  command.commands.flatMap((sub) => [[...prefix, sub.name()], ...commandsOf(sub, [...prefix, sub.name()])]);

const COMMANDS = commandsOf(createProgram());

describe("newsprov (the program)", function () {
  it("has --help for every command, exiting 0", async function () {
    expect(COMMANDS).to.have.length.at.least(11);
    const runs = await Promise.all(COMMANDS.map((command) => runCli([...command, "--help"])));
    runs.forEach((run, index) => {
      expect(run.code, COMMANDS[index]!.join(" ")).to.equal(0);
      expect(run.stdout).to.match(new RegExp(`^Usage: newsprov ${COMMANDS[index]!.join(" ")} `));
    });
  });

  it("documents the exit codes in the help of the program and of verify", async function () {
    const [program, verify] = await Promise.all([runCli(["--help"]), runCli(["verify", "--help"])]);
    for (const help of [program.stdout, verify.stdout]) {
      expect(help).to.match(/^Exit codes:$/m);
      expect(help).to.match(/^\s+3\s+verify: anchored, but superseded/m);
      expect(help).to.match(/^\s+4\s+verify: anchored, but retracted/m);
      expect(help).to.match(/^\s+5\s+verify: unknown/m);
    }
  });

  it("reports an unknown command or option in one line, exiting 2", async function () {
    const [command, option] = await Promise.all([runCli(["hsah", "x.json"]), runCli(["hash", "x.json", "--jsno"])]);
    expectOneLineError(command, 2, /unknown command 'hsah'/);
    expectOneLineError(option, 2, /unknown option '--jsno'/);
  });
});
