import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isAddress, isHexString } from "ethers";
import { z } from "zod";
import { DEFAULT_RESEND_POLICY, type ResendPolicy } from "./chain/transactionSender";

const port = z.coerce.number().int().min(1).max(65_535);

const envSchema = z
  .object({
    HOST: z.string().default("127.0.0.1"),
    PORT: port.default(3000),
    CHAIN_HOST: z.string().default("127.0.0.1"),
    CHAIN_PORT: port.default(8545),
    RPC_URL: z.url().optional(),
    REGISTRY_ADDRESS: z.string().refine(isAddress, "must be an address").optional(),
    REGISTRY_START_BLOCK: z.coerce.number().int().min(0).default(0),
    RELAYER_PRIVATE_KEY: z
      .string()
      .refine((key) => isHexString(key, 32), "must be a 0x-prefixed 32-byte hex key")
      .optional(),
    RELAYER_KEYSTORE: z.string().min(1).optional(),
    // A file, so that the password is not in the environment of every process the service starts.
    RELAYER_KEYSTORE_PASSWORD_FILE: z.string().min(1).optional(),
    RELAYER_KEYSTORE_PASSWORD: z.string().optional(),
    ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    DATA_DIR: z.string().default("data"),
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
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .refine((e) => e.TX_TIMEOUT_MS > e.TX_RESEND_AFTER_MS, { path: ["TX_TIMEOUT_MS"], message: "must be greater than TX_RESEND_AFTER_MS" });

/** Variables that only make sense together: reported alongside the schema's own problems. */
function missingCompanions(env: NodeJS.ProcessEnv): string[] {
  if (!env.RPC_URL) return [];
  const problems = env.REGISTRY_ADDRESS ? [] : ["REGISTRY_ADDRESS: is required when RPC_URL is set"];
  if (!env.RELAYER_PRIVATE_KEY && !env.RELAYER_KEYSTORE) {
    problems.push("RELAYER_PRIVATE_KEY or RELAYER_KEYSTORE: one is required when RPC_URL is set");
  } else if (env.RELAYER_PRIVATE_KEY && env.RELAYER_KEYSTORE) {
    problems.push("RELAYER_PRIVATE_KEY and RELAYER_KEYSTORE: set only one");
  } else if (env.RELAYER_KEYSTORE && (env.RELAYER_KEYSTORE_PASSWORD_FILE === undefined) === (env.RELAYER_KEYSTORE_PASSWORD === undefined)) {
    problems.push("RELAYER_KEYSTORE_PASSWORD_FILE or RELAYER_KEYSTORE_PASSWORD: exactly one is required with RELAYER_KEYSTORE");
  }
  return problems.map((problem) => `  ${problem}`);
}

/** Where the service finds its chain: an embedded Hardhat node, or an external JSON-RPC node. */
export type ChainConfig =
  | { mode: "embedded"; host: string; port: number }
  | { mode: "external"; rpcUrl: string; registryAddress: string; relayer: RelayerKeyConfig; startBlock: number };

/** The external chain's relayer key: raw, or an encrypted JSON keystore and its password (decrypted at start). */
export type RelayerKeyConfig = { privateKey: string } | { keystore: string; password: string };

export interface Config {
  host: string;
  port: number;
  chain: ChainConfig;
  adminToken: string | undefined;
  dataDir: string;
  confirmations: number;
  indexerPollMs: number;
  maxBodyBytes: number;
  writeRateLimitPerMinute: number;
  anchoring: AnchoringConfig;
  transactions: ResendPolicy;
  workerThreads: number;
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
  const chain: ChainConfig = e.RPC_URL
    ? {
        mode: "external",
        rpcUrl: e.RPC_URL,
        registryAddress: e.REGISTRY_ADDRESS!,
        relayer: relayerKey(e),
        startBlock: e.REGISTRY_START_BLOCK,
      }
    : { mode: "embedded", host: e.CHAIN_HOST, port: e.CHAIN_PORT };
  return {
    host: e.HOST,
    port: e.PORT,
    chain,
    adminToken: e.ADMIN_TOKEN,
    dataDir: path.resolve(e.DATA_DIR),
    confirmations: e.CONFIRMATIONS,
    indexerPollMs: e.INDEXER_POLL_MS,
    maxBodyBytes: e.MAX_BODY_BYTES,
    writeRateLimitPerMinute: e.WRITE_RATE_LIMIT_PER_MINUTE,
    anchoring:
      e.ANCHOR_MODE === "batch" ? { mode: "batch", batchSize: e.BATCH_SIZE, batchIntervalMs: e.BATCH_INTERVAL_MS } : { mode: "direct" },
    transactions: { resendAfterMs: e.TX_RESEND_AFTER_MS, timeoutMs: e.TX_TIMEOUT_MS },
    workerThreads: e.WORKER_THREADS,
    logLevel: e.LOG_LEVEL,
  };
}

function relayerKey(e: z.infer<typeof envSchema>): RelayerKeyConfig {
  if (e.RELAYER_PRIVATE_KEY) return { privateKey: e.RELAYER_PRIVATE_KEY };
  return { keystore: path.resolve(e.RELAYER_KEYSTORE!), password: e.RELAYER_KEYSTORE_PASSWORD ?? readPasswordFile(e.RELAYER_KEYSTORE_PASSWORD_FILE!) };
}

/** The file's text without the line ending that `echo … > file` adds; an unreadable file stops the start. */
function readPasswordFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8").replace(/\r?\n$/, "");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new ConfigError(`invalid configuration:\n  RELAYER_KEYSTORE_PASSWORD_FILE: cannot read ${path.resolve(file)} (${reason})`);
  }
}
