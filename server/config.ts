import path from "node:path";
import { isAddress, isHexString } from "ethers";
import { z } from "zod";

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
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  });

/** Variables that only make sense together: reported alongside the schema's own problems. */
function missingCompanions(env: NodeJS.ProcessEnv): string[] {
  if (!env.RPC_URL) return [];
  return ["REGISTRY_ADDRESS", "RELAYER_PRIVATE_KEY"]
    .filter((key) => !env[key])
    .map((key) => `  ${key}: is required when RPC_URL is set`);
}

/** Where the service finds its chain: an embedded Hardhat node, or an external JSON-RPC node. */
export type ChainConfig =
  | { mode: "embedded"; host: string; port: number }
  | { mode: "external"; rpcUrl: string; registryAddress: string; relayerPrivateKey: string; startBlock: number };

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
        relayerPrivateKey: e.RELAYER_PRIVATE_KEY!,
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
    logLevel: e.LOG_LEVEL,
  };
}
