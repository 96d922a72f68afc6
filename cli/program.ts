import { Command } from "commander";
import { version } from "../package.json";
import { registerAudit } from "./commands/audit";
import { registerHash } from "./commands/hash";
import { registerKeygen } from "./commands/keygen";
import { registerMirror } from "./commands/mirror";
import { registerPublish } from "./commands/publish";
import { registerPublishers } from "./commands/publishers";
import { registerReindex } from "./commands/reindex";
import { registerRetract } from "./commands/retract";
import { registerRoles } from "./commands/roles";
import { registerSign } from "./commands/sign";
import { registerVerify } from "./commands/verify";
import { registerVerifyReceipt } from "./commands/verifyReceipt";
import { EXIT_CODES_HELP } from "./exitCodes";

/**
 * The `newsprov` command line. Usage errors are thrown (exitOverride) rather than exiting, so that
 * main reports every failure the same way; subcommands inherit these settings from `.command()`.
 */
export function createProgram(): Command {
  const program = new Command("newsprov")
    .description("Sign, anchor and verify news articles with the news provenance service.")
    .version(version)
    .exitOverride()
    .showSuggestionAfterError(false)
    .configureOutput({ outputError: (message, write) => write(`newsprov: ${message.replace(/^error: /, "")}`) })
    .addHelpText("after", `\n${EXIT_CODES_HELP}`);
  for (const register of [
    registerKeygen,
    registerHash,
    registerSign,
    registerPublish,
    registerVerify,
    registerVerifyReceipt,
    registerRetract,
    registerPublishers,
    registerReindex,
    registerMirror,
    registerAudit,
    registerRoles,
  ]) {
    register(program);
  }
  return program;
}
