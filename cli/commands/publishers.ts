import type { Command } from "commander";
import type { Hex, PublisherTransaction, PublisherView } from "../../protocol";
import { fetchDomain } from "../domain";
import { KeyError } from "../errors";
import { domainCheckText, publisherName } from "../format/provenance";
import { loadKey } from "../keys";
import { jsonOption, keyOption, parseAddress, serverOption, type JsonOption } from "../options";
import { emit, fieldLines } from "../output";
import { ServiceClient } from "../serviceClient";
import { signKeyRotation } from "../../protocol";

interface ServerOptions extends JsonOption {
  server: URL;
}

/** A publisher; answers to a registration, rotation or revocation carry its transaction too. */
type PublisherAnswer = PublisherView | PublisherTransaction;

const ADMIN_HELP = "\nAdmin commands send the service's admin token, taken from NEWSPROV_ADMIN_TOKEN.";

export function registerPublishers(program: Command): void {
  const publishers = program
    .command("publishers")
    .description("register, list, revoke and rotate publishers' keys")
    .addHelpText("after", ADMIN_HELP);

  publishers
    .command("add")
    .description("register a publisher's key on chain (admin)")
    .argument("<address>", "the publisher's key", parseAddress)
    .requiredOption("--name <name>", "the newsroom's name, shown to readers")
    .requiredOption("--domain <domain>", "the newsroom's web domain")
    .addOption(serverOption())
    .addOption(jsonOption())
    .action(async (address: Hex, options: ServerOptions & { name: string; domain: string }) => {
      const body = { address, name: options.name, domain: options.domain };
      emit(
        options,
        await new ServiceClient(options.server).post<PublisherAnswer>("/v1/publishers", body, { admin: true }),
        formatPublisher,
      );
    });

  publishers
    .command("list")
    .description("list the registered publishers")
    .addOption(serverOption())
    .addOption(jsonOption())
    .action(async (options: ServerOptions) => {
      const answer = await new ServiceClient(options.server).get<{ publishers: PublisherView[] }>("/v1/publishers");
      emit(options, answer, ({ publishers }) => (publishers.length === 0 ? ["No publishers."] : publishers.flatMap(formatPublisher)));
    });

  publishers
    .command("revoke")
    .description("revoke a publisher: its keys can no longer sign (admin)")
    .argument("<address>", "the publisher's current key", parseAddress)
    .addOption(serverOption())
    .addOption(jsonOption())
    .action(async (address: Hex, options: ServerOptions) => {
      const revoked = await new ServiceClient(options.server).post<PublisherAnswer>(
        `/v1/publishers/${address}/revocation`,
        {},
        { admin: true },
      );
      emit(options, revoked, formatPublisher);
    });

  publishers
    .command("rotate")
    .description("move a publisher's identity to a new key (admin, or signed with --key by the current key)")
    .argument("<address>", "the publisher's current key", parseAddress)
    .requiredOption("--new-key <address>", "the key that replaces it", parseAddress)
    .addOption(keyOption())
    .addOption(serverOption())
    .addOption(jsonOption())
    .action(async (address: Hex, options: ServerOptions & { newKey: Hex; key?: string }) => {
      const { newKey, key } = options;
      const client = new ServiceClient(options.server);
      // Signed by the current key, the request needs no admin token; without --key, the registrar's.
      const body = key ? { newKey, signature: await signRotation(client, address, newKey, key) } : { newKey };
      const rotated = await client.post<PublisherAnswer>(`/v1/publishers/${address}/rotation`, body, { admin: !key });
      emit(options, rotated, formatPublisher);
    });
}

/** The current key's signature of KeyRotation(publisherId, newKey, nonce), the nonce read from the service. */
async function signRotation(client: ServiceClient, address: Hex, newKey: Hex, keyName: string): Promise<Hex> {
  const key = await loadKey(keyName);
  if (key.address !== address) throw new KeyError({ message: `--key is ${key.address}, not the publisher's current key ${address}` });
  const [publisher, domain] = await Promise.all([client.get<PublisherView>(`/v1/publishers/${address}`), fetchDomain(client)]);
  return signKeyRotation(key, domain, { publisherId: publisher.id, newKey, nonce: BigInt(publisher.keyRotationNonce) });
}

function formatPublisher(publisher: PublisherAnswer): string[] {
  return [
    publisherName(publisher),
    ...fieldLines([
      ["ID", publisher.id],
      ["Key", publisher.address],
      ["Registered", publisher.registeredAt],
      ["Status", publisher.active ? "active" : `revoked ${publisher.revokedAt}`],
      ["Domain", domainCheckText(publisher)],
      ["Transaction", "txHash" in publisher ? publisher.txHash : undefined],
    ]),
  ];
}
