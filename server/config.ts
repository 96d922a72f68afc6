import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isAddress, isHexString } from "ethers";
import { z } from "zod";
import { parseBatchSource, parseStatementOrigins, type BatchSource } from "../protocol";
import { DEFAULT_RESEND_POLICY, type ResendPolicy } from "./chain/transactionSender";
import { DEFAULT_DOMAIN_CHECKS, type DomainCheckConfig } from "./domains/domainChecker";

const port = z.coerce.number().int().min(1).max(65_535);
const privateKey = z.string().refine((key) => isHexString(key, 32), "must be a 0x-prefixed 32-byte hex key");
/** A comma-separated list, blanks ignored. */
const list = z.string().transform((value) => value.split(",").map((item) => item.trim()).filter(Boolean));

const envSchema = z
  .object({
    HOST: z.string().default("127.0.0.1"),
    PORT: port.default(3000),
    CHAIN_HOST: z.string().default("127.0.0.1"),
    CHAIN_PORT: port.default(8545),
    // Host headers the chain port answers (DNS rebinding): by default the loopback names of CHAIN_HOST.
    CHAIN_ALLOWED_HOSTS: list.optional(),
    // The demo publisher, whose key is Hardhat's public test key #1: anyone can sign as it.
    DEMO_PUBLISHER: z.enum(["on", "off"]).default("on"),
    RPC_URL: z.url().optional(),
    // A read replica: no key, every write refused; it follows RPC_URL's registry and BATCH_SOURCE.
    READ_ONLY: z.enum(["0", "1"]).default("0"),
    // Where a replica takes the article texts from (GET /v1/articles/:cid): by default BATCH_SOURCE, when that is a service's URL.
    ARTICLE_SOURCE: z.url().optional(),
    REGISTRY_ADDRESS: z.string().refine(isAddress, "must be an address").optional(),
    REGISTRY_START_BLOCK: z.coerce.number().int().min(0).default(0),
    RELAYER_PRIVATE_KEY: privateKey.optional(),
    RELAYER_KEYSTORE: z.string().min(1).optional(),
    // A file, so that the password is not in the environment of every process the service starts.
    RELAYER_KEYSTORE_PASSWORD_FILE: z.string().min(1).optional(),
    RELAYER_KEYSTORE_PASSWORD: z.string().optional(),
    // The registrar's key in RPC_URL mode, if it is not the relayer's: registrations, revocations and
    // registrar rotations go out from it. The same two spellings as the relayer's.
    REGISTRAR_PRIVATE_KEY: privateKey.optional(),
    REGISTRAR_KEYSTORE: z.string().min(1).optional(),
    REGISTRAR_KEYSTORE_PASSWORD_FILE: z.string().min(1).optional(),
    REGISTRAR_KEYSTORE_PASSWORD: z.string().optional(),
    ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    DATA_DIR: z.string().default("data"),
    // Where the batch files this service did not build come from: a mirror directory or another service's URL.
    BATCH_SOURCE: z.string().min(1).optional(),
    CONFIRMATIONS: z.coerce.number().int().min(0).default(0),
    INDEXER_POLL_MS: z.coerce.number().int().min(50).default(1000),
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(4 * 1024 * 1024),
    // Per client and minute, on POST routes; 0 turns it off. A newsroom publishes far fewer; a flood does not.
    WRITE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
    ANCHOR_MODE: z.enum(["direct", "batch"]).default("direct"),
    BATCH_SIZE: z.coerce.number().int().min(1).max(65_536).default(256),
    BATCH_INTERVAL_MS: z.coerce.number().int().min(1).default(1000),
    TX_RESEND_AFTER_MS: z.coerce.number().int().min(100).default(DEFAULT_RESEND_POLICY.resendAfterMs),
    TX_TIMEOUT_MS: z.coerce.number().int().min(100).default(DEFAULT_RESEND_POLICY.timeoutMs),
    // Threads that normalize, hash and recover signatures beside the event loop: one per core. The
    // event loop waits on the disk for part of its time, and a thread per core fills that time: on
    // two cores, two threads published 25% more in bulk than one
    // (`WORKER_THREADS=1 BENCH_ONLY=publish npm run bench` against the default).
    WORKER_THREADS: z.coerce.number().int().min(0).max(64).default(os.availableParallelism()),
    // Domains whose /.well-known/newsprov.json another origin serves (tests, private networks):
    // those may be http and private addresses; every other domain is fetched from https://<domain>.
    WELL_KNOWN_ORIGINS: z
      .string()
      .transform((value, ctx) => {
        try {
          return parseStatementOrigins(value);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as Error).message });
          return z.NEVER;
        }
      })
      .optional(),
    // 0: no background rounds (checks at registration, rotation and on request still run).
    DOMAIN_CHECK_INTERVAL_MS: z.coerce.number().int().min(0).default(DEFAULT_DOMAIN_CHECKS.intervalMs),
    DOMAIN_CHECK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(DEFAULT_DOMAIN_CHECKS.timeoutMs),
    DOMAIN_CHECK_COOLDOWN_MS: z.coerce.number().int().min(0).default(DEFAULT_DOMAIN_CHECKS.requestCooldownMs),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .refine((e) => e.TX_TIMEOUT_MS > e.TX_RESEND_AFTER_MS, { path: ["TX_TIMEOUT_MS"], message: "must be greater than TX_RESEND_AFTER_MS" });

/** Variables that only make sense together: reported alongside the schema's own problems. */
function missingCompanions(env: NodeJS.ProcessEnv): string[] {
  const problems = env.READ_ONLY === "1" ? replicaProblems(env) : env.RPC_URL ? externalChainProblems(env) : embeddedChainProblems(env);
  return problems.map((problem) => `  ${problem}`);
}

function embeddedChainProblems(env: NodeJS.ProcessEnv): string[] {
  const everyAddress = WILDCARD_HOSTS.has(env.CHAIN_HOST ?? "") && !env.CHAIN_ALLOWED_HOSTS;
  return everyAddress ? ["CHAIN_ALLOWED_HOSTS: is required when CHAIN_HOST listens on every address"] : [];
}

/** A replica follows a registry it did not deploy, and may hold nothing that could change the chain. */
function replicaProblems(env: NodeJS.ProcessEnv): string[] {
  const needed = (["RPC_URL", "REGISTRY_ADDRESS", "BATCH_SOURCE"] as const).filter((name) => !env[name]);
  const forbidden = [...keyVariables("RELAYER"), ...keyVariables("REGISTRAR"), "ADMIN_TOKEN"].filter((name) => env[name] !== undefined);
  return [
    ...needed.map((name) => `${name}: is required when READ_ONLY=1`),
    ...forbidden.map((name) => `${name}: a read replica (READ_ONLY=1) holds no key or token; unset it`),
  ];
}

function externalChainProblems(env: NodeJS.ProcessEnv): string[] {
  const problems = env.REGISTRY_ADDRESS ? [] : ["REGISTRY_ADDRESS: is required when RPC_URL is set"];
  if (!env.RELAYER_PRIVATE_KEY && !env.RELAYER_KEYSTORE) problems.push("RELAYER_PRIVATE_KEY or RELAYER_KEYSTORE: one is required when RPC_URL is set");
  return [...problems, ...keyProblems(env, "RELAYER"), ...keyProblems(env, "REGISTRAR")];
}

/** An operator key is given once, raw or as a keystore with exactly one password source. */
function keyProblems(env: NodeJS.ProcessEnv, role: KeyRole): string[] {
  const [raw, keystore, passwordFile, password] = keyVariables(role);
  if (env[raw] && env[keystore]) return [`${raw} and ${keystore}: set only one`];
  if (env[keystore] && (env[passwordFile] === undefined) === (env[password] === undefined)) {
    return [`${passwordFile} or ${password}: exactly one is required with ${keystore}`];
  }
  return [];
}

type KeyRole = "RELAYER" | "REGISTRAR";
const keyVariables = (role: KeyRole) =>
  [`${role}_PRIVATE_KEY`, `${role}_KEYSTORE`, `${role}_KEYSTORE_PASSWORD_FILE`, `${role}_KEYSTORE_PASSWORD`] as const;

/** Bind addresses that listen on every interface: no Host header can be assumed for them. */
const WILDCARD_HOSTS = new Set(["0.0.0.0", "::", "[::]"]);

/** Where the service finds its chain: an embedded Hardhat node, an external JSON-RPC node, or one a read replica follows. */
export type ChainConfig =
  | {
      mode: "embedded";
      host: string;
      port: number;
      /** Host headers the chain port answers; undefined: the loopback names of `host`. */
      allowedHosts: string[] | undefined;
      demoPublisher: boolean;
    }
  | {
      mode: "external";
      rpcUrl: string;
      registryAddress: string;
      relayer: OperatorKeyConfig;
      /** The registrar's key; undefined: the relayer registers publishers (it then needs REGISTRAR_ROLE). */
      registrar: OperatorKeyConfig | undefined;
      startBlock: number;
    }
  | {
      mode: "replica";
      rpcUrl: string;
      registryAddress: string;
      startBlock: number;
      /** The service the texts come from; undefined: the replica holds none. */
      articleSource: string | undefined;
    };

/** An operator key of the external chain: raw, or an encrypted JSON keystore and its password (decrypted at start). */
export type OperatorKeyConfig = { privateKey: string } | { keystore: string; password: string };

export interface Config {
  host: string;
  port: number;
  chain: ChainConfig;
  adminToken: string | undefined;
  dataDir: string;
  /** BATCH_SOURCE: batch files for the roots DATA_DIR/batches lacks. */
  batchSource: BatchSource | undefined;
  confirmations: number;
  indexerPollMs: number;
  maxBodyBytes: number;
  writeRateLimitPerMinute: number;
  anchoring: AnchoringConfig;
  transactions: ResendPolicy;
  workerThreads: number;
  domainChecks: DomainCheckConfig;
  logLevel: string;
}

/** One transaction per article, or Merkle batches of up to `batchSize` flushed at least every `batchIntervalMs`. */
export type AnchoringConfig = { mode: "direct" } | { mode: "batch"; batchSize: number; batchIntervalMs: number };

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Reads and validates the environment once, at startup. Nothing else reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`)),
    ...missingCompanions(env),
  ];
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`invalid configuration:\n${problems.join("\n")}`);
  }
  const e = parsed.data;
  const chain: ChainConfig =
    e.READ_ONLY === "1"
      ? replicaChain(e)
      : e.RPC_URL
        ? {
            mode: "external",
            rpcUrl: e.RPC_URL,
            registryAddress: e.REGISTRY_ADDRESS!,
            relayer: operatorKey(e, "RELAYER")!,
            registrar: operatorKey(e, "REGISTRAR"),
            startBlock: e.REGISTRY_START_BLOCK,
          }
        : { mode: "embedded", host: e.CHAIN_HOST, port: e.CHAIN_PORT, allowedHosts: e.CHAIN_ALLOWED_HOSTS, demoPublisher: e.DEMO_PUBLISHER === "on" };
  return {
    host: e.HOST,
    port: e.PORT,
    chain,
    adminToken: e.ADMIN_TOKEN,
    dataDir: path.resolve(e.DATA_DIR),
    batchSource: e.BATCH_SOURCE === undefined ? undefined : parseBatchSource(e.BATCH_SOURCE),
    confirmations: e.CONFIRMATIONS,
    indexerPollMs: e.INDEXER_POLL_MS,
    maxBodyBytes: e.MAX_BODY_BYTES,
    writeRateLimitPerMinute: e.WRITE_RATE_LIMIT_PER_MINUTE,
    anchoring:
      e.ANCHOR_MODE === "batch" ? { mode: "batch", batchSize: e.BATCH_SIZE, batchIntervalMs: e.BATCH_INTERVAL_MS } : { mode: "direct" },
    transactions: { resendAfterMs: e.TX_RESEND_AFTER_MS, timeoutMs: e.TX_TIMEOUT_MS },
    workerThreads: e.WORKER_THREADS,
    domainChecks: {
      origins: e.WELL_KNOWN_ORIGINS ?? DEFAULT_DOMAIN_CHECKS.origins,
      timeoutMs: e.DOMAIN_CHECK_TIMEOUT_MS,
      intervalMs: e.DOMAIN_CHECK_INTERVAL_MS,
      requestCooldownMs: e.DOMAIN_CHECK_COOLDOWN_MS,
    },
    logLevel: e.LOG_LEVEL,
  };
}

/** A replica's texts come from ARTICLE_SOURCE, or from BATCH_SOURCE when that is a service. */
function replicaChain(e: z.infer<typeof envSchema>): ChainConfig {
  const batchService = e.BATCH_SOURCE && /^https?:\/\//i.test(e.BATCH_SOURCE) ? e.BATCH_SOURCE : undefined;
  return { mode: "replica", rpcUrl: e.RPC_URL!, registryAddress: e.REGISTRY_ADDRESS!, startBlock: e.REGISTRY_START_BLOCK, articleSource: e.ARTICLE_SOURCE ?? batchService };
}

function operatorKey(e: z.infer<typeof envSchema>, role: KeyRole): OperatorKeyConfig | undefined {
  const [raw, keystore, passwordFile, password] = keyVariables(role);
  if (e[raw]) return { privateKey: e[raw] };
  const file = e[keystore];
  if (!file) return undefined;
  return { keystore: path.resolve(file), password: e[password] ?? readPasswordFile(passwordFile, e[passwordFile]!) };
}

/** The file's text without the line ending that `echo … > file` adds; an unreadable file stops the start. */
function readPasswordFile(variable: string, file: string): string {
  try {
    return fs.readFileSync(file, "utf8").replace(/\r?\n$/, "");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new ConfigError(`invalid configuration:\n  ${variable}: cannot read ${path.resolve(file)} (${reason})`);
  }
}
