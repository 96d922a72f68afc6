import fs from "node:fs";
import type { Command } from "commander";
import type { ArticleHistory, Provenance, QuoteVerification } from "../../protocol";
import { readArticleFile } from "../articleFile";
import { UsageError } from "../errors";
import { EXIT_CODES_HELP, provenanceExitCode } from "../exitCodes";
import { formatHistory, formatProvenance } from "../format/provenance";
import { formatQuote, quoteExitCode } from "../format/quote";
import { articleIdentifier, jsonOption, serverOption, type JsonOption } from "../options";
import { emit, note } from "../output";
import { ServiceClient } from "../serviceClient";

interface VerifyOptions extends JsonOption {
  quote?: string;
  server: URL;
}

export function registerVerify(program: Command): void {
  program
    .command("verify")
    .description("tell who published an article or a quote, when, and whether it is still current")
    .argument("[file|cid]", "an article file (.json or .md), an article CID or a content hash")
    .option("--quote <text>", "find the articles that contain this quote")
    .addOption(serverOption())
    .addOption(jsonOption())
    .addHelpText("after", `\n${EXIT_CODES_HELP}`)
    .action(async (target: string | undefined, options: VerifyOptions) => {
      const client = new ServiceClient(options.server);
      if (target !== undefined && options.quote === undefined) process.exitCode = await verifyArticle(client, target, options);
      else if (target === undefined && options.quote !== undefined) process.exitCode = await verifyQuote(client, options.quote, options);
      else throw new UsageError({ message: "give either an article (file or CID) or --quote" });
    });
}

async function verifyArticle(client: ServiceClient, target: string, options: VerifyOptions): Promise<number> {
  const cid = await articleCid(target);
  const provenance = await client.get<Provenance>(`/v1/verify/${cid}`);
  const history = hasVersions(provenance) ? await readHistory(client, provenance.cid) : null;
  const facts = await formatProvenance(provenance);
  emit(options, { provenance, history }, (answer) => [
    ...facts,
    ...(answer.history ? formatHistory(answer.history, answer.provenance.cid) : []),
  ]);
  return provenanceExitCode(provenance);
}

/** A file is hashed here, offline; anything else must name an article version. */
async function articleCid(target: string): Promise<string> {
  if (fs.existsSync(target)) return (await readArticleFile(target)).cid;
  if (await articleIdentifier(target)) return target;
  throw new UsageError({ message: `${target} is neither an article file nor an article CID or content hash` });
}

const hasVersions = (provenance: Provenance) =>
  provenance.verified && (provenance.previous !== null || (provenance.latest != null && provenance.latest !== provenance.cid));

/** The article's versions. Missing history does not change the verdict, so it is only a warning. */
async function readHistory(client: ServiceClient, cid: string): Promise<ArticleHistory | null> {
  try {
    return await client.get<ArticleHistory>(`/v1/articles/${cid}/history`);
  } catch (error) {
    note(`newsprov: warning: cannot read the article's versions: ${(error as Error).message}`);
    return null;
  }
}

async function verifyQuote(client: ServiceClient, text: string, options: VerifyOptions): Promise<number> {
  const answer = await client.post<QuoteVerification>("/v1/verify/quote", { text });
  emit(options, answer, formatQuote);
  return quoteExitCode(answer);
}
