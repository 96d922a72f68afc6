/**
 * The environment variables the CLI reads, read once here: nothing else in cli/ reads process.env.
 * Secrets come only from here or from a prompt, never from arguments, which other users of the
 * machine can see in the process list.
 */
const read = (name: string) => {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
};

export const cliEnv = {
  /** Password of a keystore (keygen, and every command given `--key <keystore>`). */
  password: read("NEWSPROV_PASSWORD"),
  /** Private key used by `--key env`. */
  privateKey: read("NEWSPROV_PRIVATE_KEY"),
  /** Bearer token of the service's admin endpoints. */
  adminToken: read("NEWSPROV_ADMIN_TOKEN"),
  /** Default for `--server`. */
  server: read("NEWSPROV_SERVER"),
  /** `verify-receipt --check-domain`: domains whose statement another origin serves (`second.example=http://127.0.0.1:4100,…`). */
  wellKnownOrigins: read("NEWSPROV_WELL_KNOWN_ORIGINS"),
};
