import { EXIT, type ExitCode } from "./exitCodes";

/**
 * The CLI's error family. Every failure a user can cause is a CliError: main prints its message
 * as one line and exits with its code. Anything else is a bug, reported as one line too.
 */
export class CliError extends Error {
  override readonly name: string = "CliError";
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(args: { code: string; message: string; exitCode?: ExitCode; details?: Record<string, unknown>; cause?: unknown }) {
    super(args.message, { cause: args.cause });
    this.code = args.code;
    this.exitCode = args.exitCode ?? EXIT.failure;
    this.details = args.details;
  }
}

type Specific = { message: string; details?: Record<string, unknown>; cause?: unknown };

/** The command line is wrong: an argument or an option combination. */
export class UsageError extends CliError {
  constructor(args: Specific) {
    super({ code: "usage", exitCode: EXIT.usage, ...args });
  }
}

/** An article file cannot be read, parsed or validated. The message names the file; `reason` does not. */
export class ArticleFileError extends CliError {
  readonly reason: string;

  constructor(args: Specific & { file: string }) {
    super({ code: "invalid_article", ...args, message: `${args.file}: ${args.message}` });
    this.reason = args.message;
  }
}

/** A key cannot be loaded: missing variable, unreadable keystore, wrong password. */
export class KeyError extends CliError {
  constructor(args: Specific) {
    super({ code: "key", ...args });
  }
}

/** The service answered with an error (`code` is its stable code) or could not be reached. */
export class ServiceRequestError extends CliError {
  readonly status: number | undefined;

  constructor(args: Specific & { code: string; status?: number }) {
    super(args);
    this.status = args.status;
  }
}

/** For a promise's catch: a JSON-RPC endpoint that failed, as one line that names it. */
export const rpcFailure =
  (rpc: string) =>
  (error: unknown): never => {
    if (error instanceof CliError) throw error;
    throw new CliError({ code: "rpc_failed", message: `cannot read the chain at ${rpc}: ${(error as Error).message}`, cause: error });
  };
