import fs from "node:fs";
import type { Command } from "commander";
import { CliError, UsageError } from "../errors";
import { encryptNewKey } from "../keys";
import { jsonOption, type JsonOption } from "../options";
import { emit, fieldLines } from "../output";

export function registerKeygen(program: Command): void {
  program
    .command("keygen")
    .description("create a publisher key in an encrypted JSON keystore and print its address")
    .option("--out <file>", "where to write the keystore (default: keystore-<address>.json)")
    .addOption(jsonOption())
    .addHelpText("after", "\nThe password comes from NEWSPROV_PASSWORD or a hidden prompt, never from an argument.")
    .action(async (options: JsonOption & { out?: string }) => {
      if (options.out !== undefined && fs.existsSync(options.out)) throw new UsageError({ message: `${options.out} already exists` });
      const { address, keystore } = await encryptNewKey();
      const file = options.out ?? `keystore-${address}.json`;
      try {
        // "wx": never overwrite a keystore, which may hold the only copy of a key. Owner-only.
        fs.writeFileSync(file, `${keystore}\n`, { flag: "wx", mode: 0o600 });
      } catch (error) {
        throw new CliError({
          code: "write_failed",
          message: `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
          cause: error,
        });
      }
      emit(options, { address, keystore: file }, (key) =>
        fieldLines(
          [
            ["Address", key.address],
            ["Keystore", key.keystore],
          ],
          "",
        ),
      );
    });
}
