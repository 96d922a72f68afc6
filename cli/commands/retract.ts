import type { Command } from "commander";
import type { Provenance } from "../../protocol";
import { fetchDomain } from "../domain";
import { UsageError } from "../errors";
import { formatProvenance } from "../format/provenance";
import { loadKey } from "../keys";
import { jsonOption, keyOption, requireArticleIdentifier, serverOption, type JsonOption } from "../options";
import { emit } from "../output";
import { ServiceClient } from "../serviceClient";
import { signRetraction } from "../../protocol";

interface RetractOptions extends JsonOption {
  reason: string;
  key: string;
  server: URL;
}

export function registerRetract(program: Command): void {
  program
    .command("retract")
    .description("retract an article version, signed by its publisher's current key")
    .argument("<cid>", "CID or content hash of the version to retract")
    .requiredOption("--reason <text>", "why it is retracted, shown to readers")
    .addOption(keyOption().makeOptionMandatory())
    .addOption(serverOption())
    .addOption(jsonOption())
    .action(async (cid: string, options: RetractOptions) => {
      const contentHash = await requireArticleIdentifier(cid, "the article");
      const { reason } = options;
      if (reason.trim() === "") throw new UsageError({ message: "--reason must not be empty" });
      const client = new ServiceClient(options.server);
      const domain = await fetchDomain(client);
      const signature = await signRetraction(await loadKey(options.key), domain, { contentHash, reason });
      const provenance = await client.post<Provenance>(`/v1/articles/${contentHash}/retraction`, { reason, signature });
      const facts = await formatProvenance(provenance);
      emit(options, provenance, () => facts);
    });
}
