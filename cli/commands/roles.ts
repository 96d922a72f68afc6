import { Argument, Option, type Command } from "commander";
import { formatEther, JsonRpcProvider, type BaseWallet, type ContractTransactionResponse } from "ethers";
import { DEFAULT_ADMIN_ROLE, jsonRpcProvider, PUBLIC_TEST_ACCOUNTS, registryEventRanges, type Hex } from "../../protocol";
import { CliError, UsageError } from "../errors";
import { loadKey } from "../keys";
import { blockNumberOption, jsonOption, keyOption, parseAddress, type JsonOption } from "../options";
import { emit, fieldLines } from "../output";
import { accessControl, ROLE_NAMES, ROLES, type RoleName } from "../registryRoles";

interface ChainOptions extends JsonOption {
  rpc: string;
  registry: Hex;
}

const PUBLIC_KEY_WARNING = "[a public test key: anyone can act with it]";

const chainOptions = (command: Command) =>
  command
    .addOption(new Option("--rpc <url>", "JSON-RPC endpoint of the chain").makeOptionMandatory())
    .addOption(new Option("--registry <address>", "the ArticleRegistry address").argParser(parseAddress).makeOptionMandatory())
    .addOption(jsonOption());

export function registerRoles(program: Command): void {
  const roles = program
    .command("roles")
    .description("operator: grant, revoke and list the registry's roles, on the chain itself (no service needed)")
    .addHelpText(
      "after",
      `
Roles: ${ROLE_NAMES.map((name) => `${name} (${ROLES[name].name}: ${ROLES[name].does})`).join(", ")}.
The service's relayer key needs the relayer role for batch mode, and the registrar role unless a
registrar key of its own is configured. Only a key with the admin role grants and revokes.`,
    );

  for (const change of ["grant", "revoke"] as const) {
    chainOptions(
      roles
        .command(change)
        .description(change === "grant" ? "give an account a role (signed by an admin key)" : "take a role from an account (signed by an admin key)")
        .addArgument(new Argument("<role>", "admin, registrar or relayer").choices(ROLE_NAMES))
        .argument("<address>", "the account", parseAddress)
        .addOption(keyOption().makeOptionMandatory()),
    ).action((role: RoleName, account: Hex, options: ChainOptions & { key: string }) => changeRole(change, role, account, options));
  }

  chainOptions(
    roles
      .command("list")
      .description("who holds each role now, from the registry's RoleGranted events")
      .addOption(blockNumberOption("--from-block <n>", "the registry's deployment block (REGISTRY_START_BLOCK): where its events start")),
  ).action(listRoles);
}

/** A provider on --rpc, once the chain answers and holds a contract at --registry. */
async function connect(options: ChainOptions): Promise<{ provider: JsonRpcProvider; chainId: bigint }> {
  const provider = jsonRpcProvider(options.rpc);
  try {
    const { chainId } = await provider.getNetwork();
    if ((await provider.getCode(options.registry)) === "0x") {
      throw new CliError({ code: "no_registry", message: `no contract at ${options.registry} on chain ${chainId} (${options.rpc})` });
    }
    return { provider, chainId };
  } catch (error) {
    provider.destroy();
    if (error instanceof CliError) throw error;
    throw new CliError({ code: "rpc_failed", message: `cannot reach the chain at ${options.rpc}: ${chainErrorMessage(error)}`, cause: error });
  }
}

async function changeRole(change: "grant" | "revoke", roleName: RoleName, account: Hex, options: ChainOptions & { key: string }): Promise<void> {
  const role = ROLES[roleName];
  const key = await loadKey(options.key);
  if (change === "revoke" && roleName === "admin" && account === key.address) {
    throw new UsageError({ message: "a key does not revoke its own admin role here: grant the admin role to another key, and revoke with that one" });
  }
  const { provider, chainId } = await connect(options);
  try {
    const signer = key.connect(provider);
    const registry = accessControl(options.registry, signer);
    if (!(await registry.getFunction("hasRole")(DEFAULT_ADMIN_ROLE, signer.address))) {
      throw new CliError({
        code: "not_admin",
        message: `--key ${signer.address} does not hold the registry's admin role (DEFAULT_ADMIN_ROLE), which alone grants and revokes roles: \`newsprov roles list\` shows who does`,
      });
    }
    const holds: boolean = await registry.getFunction("hasRole")(role.id, account);
    const base = { registry: options.registry, chainId: Number(chainId), role: roleName, account };
    if (holds === (change === "grant")) {
      const already = { ...base, changed: false, txHash: null, blockNumber: null };
      return emit(options, already, () => [`Nothing to do: ${account} ${change === "grant" ? "already holds" : "does not hold"} the ${roleName} role (${role.name}).`]);
    }
    const send = registry.getFunction(change === "grant" ? "grantRole" : "revokeRole");
    await ensureCanPay(signer, await send.estimateGas(role.id, account));
    const receipt = await mined(send(role.id, account));
    const done = { ...base, changed: true, txHash: receipt.hash as Hex, blockNumber: receipt.blockNumber };
    emit(options, done, (r) => [
      change === "grant" ? `Granted the ${roleName} role (${role.name}) to ${account}.` : `Revoked the ${roleName} role (${role.name}) from ${account}.`,
      ...fieldLines([
        ["Registry", `${r.registry} on chain ${r.chainId}`],
        ["Transaction", r.txHash],
        ["Block", r.blockNumber],
      ]),
    ]);
  } finally {
    provider.destroy();
  }
}

/**
 * Nodes word a sender's empty balance each their own way (ethers cannot always tell it from other
 * failures), so the balance is compared with the transaction's most expensive cost before sending.
 */
async function ensureCanPay(signer: BaseWallet, gas: bigint): Promise<void> {
  const provider = signer.provider!;
  const [balance, fees] = await Promise.all([provider.getBalance(signer.address), provider.getFeeData()]);
  const cost = gas * (fees.maxFeePerGas ?? fees.gasPrice ?? 0n);
  if (balance < cost) {
    throw new CliError({
      code: "insufficient_funds",
      message: `the admin key ${signer.address} cannot pay for the transaction (${formatEther(cost)} ETH at most, it holds ${formatEther(balance)}): send it some ETH first`,
    });
  }
}

/** Sends the admin's transaction and waits for it to be mined, failing in one line. */
async function mined(sent: Promise<ContractTransactionResponse>) {
  try {
    const receipt = await (await sent).wait();
    if (!receipt || receipt.status !== 1) throw new Error(`transaction ${receipt?.hash} reverted`);
    return receipt;
  } catch (error) {
    throw new CliError({ code: "transaction_failed", message: `the transaction failed: ${chainErrorMessage(error)}`, cause: error });
  }
}

async function listRoles(options: ChainOptions & { fromBlock: number }): Promise<void> {
  const { fromBlock } = options;
  const { provider, chainId } = await connect(options);
  try {
    const registry = accessControl(options.registry, provider);
    const blockNumber = await provider.getBlockNumber();
    // Every account ever granted a role is a candidate; the registry says which still hold one, at one block.
    const candidates = new Map<Hex, Set<Hex>>();
    for await (const { events } of registryEventRanges(provider, options.registry, fromBlock, blockNumber)) {
      for (const event of events) {
        if (event.name !== "RoleGranted") continue;
        const [role, account] = event.args as unknown as [Hex, Hex];
        candidates.set(role, (candidates.get(role) ?? new Set()).add(account));
      }
    }
    const holders = async (role: Hex) => {
      const accounts = [...(candidates.get(role) ?? [])];
      const held = await Promise.all(accounts.map((account) => registry.getFunction("hasRole")(role, account, { blockTag: blockNumber })));
      return accounts.filter((_, i) => held[i]);
    };
    const roles = Object.fromEntries(await Promise.all(ROLE_NAMES.map(async (name) => [name, await holders(ROLES[name].id)]))) as Record<RoleName, Hex[]>;
    const answer = { registry: options.registry, chainId: Number(chainId), blockNumber, fromBlock, roles };
    emit(options, answer, (r) => [
      `Roles of registry ${r.registry} on chain ${r.chainId}, at block ${r.blockNumber}:`,
      ...ROLE_NAMES.flatMap((name) => {
        const label = `${name} (${ROLES[name].name})`;
        const accounts = r.roles[name];
        if (accounts.length === 0) return [`  ${label.padEnd(30)}  nobody`];
        return accounts.map((account, i) => `  ${(i === 0 ? label : "").padEnd(30)}  ${account}${PUBLIC_TEST_ACCOUNTS.includes(account) ? ` ${PUBLIC_KEY_WARNING}` : ""}`);
      }),
    ]);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError({ code: "rpc_failed", message: `cannot read the registry's roles from ${options.rpc}: ${chainErrorMessage(error)}`, cause: error });
  } finally {
    provider.destroy();
  }
}

/** ethers' short message (the revert's custom error, "insufficient funds"…) rather than its long dump. */
const chainErrorMessage = (error: unknown) =>
  (error as { shortMessage?: string }).shortMessage ?? (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
