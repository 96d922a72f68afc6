import type { Command } from "commander";
import { cidOfContentHash, NO_PREVIOUS, protocolDomain, type Hex, type ProtocolDomain } from "../../protocol";
import { readArticleFile } from "../articleFile";
import { fetchDomain } from "../domain";
import { UsageError } from "../errors";
import { loadKey } from "../keys";
import {
  jsonOption,
  keyOption,
  parseAddress,
  parsePositiveInteger,
  requireArticleIdentifier,
  serverOption,
  type JsonOption,
} from "../options";
import { emit, fieldLines } from "../output";
import { ServiceClient } from "../serviceClient";
import { signPublication } from "../../protocol";

interface SignOptions extends JsonOption {
  key: string;
  previous?: string;
  chainId?: number;
  registry?: Hex;
  server: URL;
}

export function registerSign(program: Command): void {
  program
    .command("sign")
    .description("print the publisher's EIP-712 Publication signature of an article")
    .argument("<file>", "article as JSON or as Markdown with YAML front matter")
    .addOption(keyOption().makeOptionMandatory())
    .option("--previous <cid|hash>", "the version this one corrects")
    .option("--chain-id <n>", "chain id of the registry (with --registry: sign offline)", parsePositiveInteger)
    .option("--registry <address>", "address of the ArticleRegistry (with --chain-id: sign offline)", parseAddress)
    .addOption(serverOption().conflicts(["chainId", "registry"]))
    .addOption(jsonOption())
    .addHelpText("after", "\nWithout --chain-id and --registry, the domain is read from the service's GET /v1/domain.")
    .action(async (file: string, options: SignOptions) => {
      const article = await readArticleFile(file);
      const previous = options.previous ? await requireArticleIdentifier(options.previous, "--previous") : NO_PREVIOUS;
      const domain = await signingDomain(options);
      const key = await loadKey(options.key);
      const signature = await signPublication(key, domain, { contentHash: article.contentHash, previous });
      const answer = {
        file,
        cid: article.cid,
        contentHash: article.contentHash,
        previous,
        signer: key.address,
        chainId: Number(domain.chainId),
        registry: domain.verifyingContract,
        signature,
      };
      // For people, every article version by its CID; --json keeps `previous` as signed, a content hash.
      const previousCid = previous === NO_PREVIOUS ? "none (first version)" : await cidOfContentHash(previous);
      emit(options, answer, (signed) =>
        fieldLines(
          [
            ["Signature", signed.signature],
            ["Signer", signed.signer],
            ["CID", signed.cid],
            ["Content hash", signed.contentHash],
            ["Previous", previousCid],
            ["Domain", `chain ${signed.chainId}, registry ${signed.registry}`],
          ],
          "",
        ),
      );
    });
}

async function signingDomain(options: SignOptions): Promise<ProtocolDomain> {
  const { chainId, registry } = options;
  if (chainId !== undefined && registry !== undefined) return protocolDomain(BigInt(chainId), registry);
  if (chainId !== undefined || registry !== undefined) throw new UsageError({ message: "--chain-id and --registry go together" });
  return fetchDomain(new ServiceClient(options.server));
}
