import type { Command } from "commander";
import { readArticleFile } from "../articleFile";
import { jsonOption, type JsonOption } from "../options";
import { emit, fieldLines } from "../output";

export function registerHash(program: Command): void {
  program
    .command("hash")
    .description("print an article's CID and content hash (offline)")
    .argument("<file>", "article as JSON or as Markdown with YAML front matter")
    .addOption(jsonOption())
    .action(async (file: string, options: JsonOption) => {
      const { cid, contentHash } = await readArticleFile(file);
      emit(options, { file, cid, contentHash }, (id) =>
        fieldLines(
          [
            ["CID", id.cid],
            ["Content hash", id.contentHash],
          ],
          "",
        ),
      );
    });
}
