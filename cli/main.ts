import { CommanderError } from "commander";
import { CliError } from "./errors";
import { EXIT } from "./exitCodes";
import { createProgram } from "./program";

/** Every failure ends here as one line on stderr and an exit code; never a stack trace. */
function report(error: unknown): void {
  if (error instanceof CommanderError) {
    // Commander has printed the message or the help already.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return;
  }
  const message = error instanceof CliError ? error.message : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`newsprov: ${message.replace(/\s*\n\s*/g, " ")}\n`);
  process.exitCode = error instanceof CliError ? error.exitCode : EXIT.failure;
}

function exitWith(error: unknown): never {
  report(error);
  process.exit();
}

// A reader that stops early (`newsprov … | head`) is no failure.
process.stdout.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" ? process.exit(EXIT.ok) : exitWith(error)));
process.on("uncaughtException", exitWith);
process.on("unhandledRejection", exitWith);

// Inside the chain, so that a bad setting found while building the program is reported too.
Promise.resolve()
  .then(() => createProgram().parseAsync(process.argv))
  .catch(report);
