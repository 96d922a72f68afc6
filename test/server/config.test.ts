import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { ConfigError, loadConfig } from "../../server/config";

const EXTERNAL = { RPC_URL: "http://10.0.0.5:8545", REGISTRY_ADDRESS: "0x5FbDB2315678afecb367f032d93F642f64180aa3" };

describe("loadConfig", function () {
  it("defaults to the embedded chain on 127.0.0.1 with the documented ports", function () {
    const config = loadConfig({});
    expect(config).to.deep.include({ host: "127.0.0.1", port: 3000, confirmations: 0, adminToken: undefined });
    expect(config.chain).to.deep.equal({ mode: "embedded", host: "127.0.0.1", port: 8545, allowedHosts: undefined, demoPublisher: true });
    expect(config.dataDir).to.equal(path.resolve("data"));
  });

  it("uses an external chain when RPC_URL is set with a registry and a relayer key", function () {
    const key = `0x${"11".repeat(32)}`;
    const config = loadConfig({
      RPC_URL: "http://10.0.0.5:8545",
      REGISTRY_ADDRESS: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      RELAYER_PRIVATE_KEY: key,
      REGISTRY_START_BLOCK: "12",
      CONFIRMATIONS: "3",
    });
    expect(config.chain).to.deep.equal({
      mode: "external",
      rpcUrl: "http://10.0.0.5:8545",
      registryAddress: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      relayer: { privateKey: key },
      registrar: undefined,
      startBlock: 12,
    });
    expect(config.confirmations).to.equal(3);
  });

  it("takes a registrar key of its own in RPC_URL mode, raw or as a keystore, once", function () {
    const [relayer, registrar] = [`0x${"11".repeat(32)}`, `0x${"22".repeat(32)}`];
    const config = loadConfig({ ...EXTERNAL, RELAYER_PRIVATE_KEY: relayer, REGISTRAR_PRIVATE_KEY: registrar });
    expect(config.chain).to.deep.include({ relayer: { privateKey: relayer }, registrar: { privateKey: registrar } });
    const fromKeystore = loadConfig({ ...EXTERNAL, RELAYER_PRIVATE_KEY: relayer, REGISTRAR_KEYSTORE: "registrar.json", REGISTRAR_KEYSTORE_PASSWORD: "p" });
    expect(fromKeystore.chain).to.deep.include({ registrar: { keystore: path.resolve("registrar.json"), password: "p" } });
    expect(() => loadConfig({ ...EXTERNAL, RELAYER_PRIVATE_KEY: relayer, REGISTRAR_PRIVATE_KEY: registrar, REGISTRAR_KEYSTORE: "r.json", REGISTRAR_KEYSTORE_PASSWORD: "p" }))
      .to.throw(ConfigError, "REGISTRAR_PRIVATE_KEY and REGISTRAR_KEYSTORE: set only one");
    expect(() => loadConfig({ ...EXTERNAL, RELAYER_PRIVATE_KEY: relayer, REGISTRAR_KEYSTORE: "r.json" }))
      .to.throw(ConfigError, "REGISTRAR_KEYSTORE_PASSWORD_FILE or REGISTRAR_KEYSTORE_PASSWORD: exactly one is required with REGISTRAR_KEYSTORE");
    expect(() => loadConfig({ ...EXTERNAL, RELAYER_PRIVATE_KEY: relayer, REGISTRAR_PRIVATE_KEY: "0x12" })).to.throw(ConfigError, /REGISTRAR_PRIVATE_KEY/);
  });

  describe("a read replica (READ_ONLY=1)", function () {
    const REPLICA = { ...EXTERNAL, READ_ONLY: "1", BATCH_SOURCE: "http://10.0.0.6:3000" };

    it("follows RPC_URL's registry with no key, and takes the texts from BATCH_SOURCE when that is a service", function () {
      const config = loadConfig({ ...REPLICA, REGISTRY_START_BLOCK: "7" });
      expect(config.chain).to.deep.equal({ mode: "replica", rpcUrl: EXTERNAL.RPC_URL, registryAddress: EXTERNAL.REGISTRY_ADDRESS, startBlock: 7, articleSource: REPLICA.BATCH_SOURCE });
      expect(config.batchSource).to.deep.equal({ kind: "url", base: REPLICA.BATCH_SOURCE });
      expect(loadConfig({ ...REPLICA, BATCH_SOURCE: "/srv/mirror" }).chain).to.deep.include({ articleSource: undefined });
      expect(loadConfig({ ...REPLICA, BATCH_SOURCE: "/srv/mirror", ARTICLE_SOURCE: "https://news.example" }).chain).to.deep.include({ articleSource: "https://news.example" });
    });

    it("needs RPC_URL, REGISTRY_ADDRESS and BATCH_SOURCE, and refuses every key and the admin token", function () {
      expect(() => loadConfig({ READ_ONLY: "1" })).to.throw(ConfigError, /RPC_URL: is required when READ_ONLY=1[\s\S]*REGISTRY_ADDRESS[\s\S]*BATCH_SOURCE/);
      for (const name of ["RELAYER_PRIVATE_KEY", "RELAYER_KEYSTORE", "REGISTRAR_PRIVATE_KEY", "ADMIN_TOKEN"]) {
        expect(() => loadConfig({ ...REPLICA, [name]: `0x${"11".repeat(32)}` }), name).to.throw(ConfigError, new RegExp(`${name}: a read replica \\(READ_ONLY=1\\) holds no key or token`));
      }
    });
  });

  it("starts the demo publisher unless DEMO_PUBLISHER=off", function () {
    expect(loadConfig({ DEMO_PUBLISHER: "off" }).chain).to.deep.include({ demoPublisher: false });
    expect(loadConfig({ DEMO_PUBLISHER: "on" }).chain).to.deep.include({ demoPublisher: true });
    expect(() => loadConfig({ DEMO_PUBLISHER: "no" })).to.throw(ConfigError, /DEMO_PUBLISHER/);
  });

  it("takes the chain port's Host names from CHAIN_ALLOWED_HOSTS, and needs them when CHAIN_HOST listens everywhere", function () {
    expect(loadConfig({ CHAIN_ALLOWED_HOSTS: "chain.example:8545, 10.0.0.5:8545" }).chain).to.deep.include({
      allowedHosts: ["chain.example:8545", "10.0.0.5:8545"],
    });
    for (const host of ["0.0.0.0", "::"]) {
      expect(() => loadConfig({ CHAIN_HOST: host }), host).to.throw(ConfigError, "CHAIN_ALLOWED_HOSTS: is required when CHAIN_HOST listens on every address");
      expect(loadConfig({ CHAIN_HOST: host, CHAIN_ALLOWED_HOSTS: "chain.example:8545" }).chain).to.deep.include({ host });
    }
  });

  it("fails fast, naming every bad variable", function () {
    const attempt = () => loadConfig({ RPC_URL: "http://127.0.0.1:8545", PORT: "seventy", ADMIN_TOKEN: "short" });
    expect(attempt).to.throw(ConfigError, /PORT/);
    expect(attempt).to.throw(/REGISTRY_ADDRESS: is required when RPC_URL is set/);
    expect(attempt).to.throw(/RELAYER_PRIVATE_KEY or RELAYER_KEYSTORE: one is required when RPC_URL is set/);
    expect(attempt).to.throw(/ADMIN_TOKEN/);
  });

  it("never echoes a secret in its error", function () {
    const secret = "0xnot-a-key-but-secret";
    expect(() => loadConfig({ RELAYER_PRIVATE_KEY: secret })).to.throw(ConfigError).that.satisfies((error: Error) => !error.message.includes(secret));
  });

  it("never echoes an admin token or an RPC URL, which may carry an API key, in its error", function () {
    for (const [name, secret] of [["ADMIN_TOKEN", "short-secret"], ["RPC_URL", "not a url but key-0123456789abcdef"]] as const) {
      expect(() => loadConfig({ [name]: secret }), name)
        .to.throw(ConfigError, name)
        .that.satisfies((error: Error) => !error.message.includes(secret));
    }
  });

  it("limits POST requests to 600 a minute per client by default; 0 turns the limit off", function () {
    expect(loadConfig({}).writeRateLimitPerMinute).to.equal(600);
    expect(loadConfig({ WRITE_RATE_LIMIT_PER_MINUTE: "0" }).writeRateLimitPerMinute).to.equal(0);
    expect(loadConfig({ WRITE_RATE_LIMIT_PER_MINUTE: "30" }).writeRateLimitPerMinute).to.equal(30);
    for (const bad of ["-1", "1.5", "many"]) {
      expect(() => loadConfig({ WRITE_RATE_LIMIT_PER_MINUTE: bad }), bad).to.throw(ConfigError, /WRITE_RATE_LIMIT_PER_MINUTE/);
    }
  });

  it("prepares publications on a thread per core by default; 0 keeps them on the event loop", function () {
    expect(loadConfig({}).workerThreads).to.equal(os.availableParallelism());
    expect(loadConfig({ WORKER_THREADS: "0" }).workerThreads).to.equal(0);
    expect(loadConfig({ WORKER_THREADS: "3" }).workerThreads).to.equal(3);
    for (const bad of ["-1", "1.5", "65", "all"]) {
      expect(() => loadConfig({ WORKER_THREADS: bad }), bad).to.throw(ConfigError, /WORKER_THREADS/);
    }
  });

  describe("the relayer's encrypted keystore", function () {
    let dir: string;
    before(function () {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-config-"));
    });

    it("takes RELAYER_KEYSTORE with its password from RELAYER_KEYSTORE_PASSWORD_FILE, without the file's last line ending", function () {
      const passwordFile = path.join(dir, "password");
      fs.writeFileSync(passwordFile, "correct horse battery staple\n");
      const config = loadConfig({ ...EXTERNAL, RELAYER_KEYSTORE: "keys/relayer.json", RELAYER_KEYSTORE_PASSWORD_FILE: passwordFile });
      expect(config.chain).to.deep.include({ relayer: { keystore: path.resolve("keys/relayer.json"), password: "correct horse battery staple" } });
    });

    it("takes the password from RELAYER_KEYSTORE_PASSWORD too", function () {
      const config = loadConfig({ ...EXTERNAL, RELAYER_KEYSTORE: "relayer.json", RELAYER_KEYSTORE_PASSWORD: "p@ss" });
      expect(config.chain).to.deep.include({ relayer: { keystore: path.resolve("relayer.json"), password: "p@ss" } });
    });

    it("needs exactly one relayer key and exactly one password source", function () {
      const key = `0x${"11".repeat(32)}`;
      expect(() => loadConfig({ ...EXTERNAL, RELAYER_PRIVATE_KEY: key, RELAYER_KEYSTORE: "relayer.json", RELAYER_KEYSTORE_PASSWORD: "p" }))
        .to.throw(ConfigError, "RELAYER_PRIVATE_KEY and RELAYER_KEYSTORE: set only one");
      for (const passwords of [{}, { RELAYER_KEYSTORE_PASSWORD: "p", RELAYER_KEYSTORE_PASSWORD_FILE: "password" }]) {
        expect(() => loadConfig({ ...EXTERNAL, RELAYER_KEYSTORE: "relayer.json", ...passwords }))
          .to.throw(ConfigError, "RELAYER_KEYSTORE_PASSWORD_FILE or RELAYER_KEYSTORE_PASSWORD: exactly one is required with RELAYER_KEYSTORE");
      }
    });

    it("names an unreadable password file, and never echoes a password", function () {
      const missing = path.join(dir, "no-such-file");
      expect(() => loadConfig({ ...EXTERNAL, RELAYER_KEYSTORE: "relayer.json", RELAYER_KEYSTORE_PASSWORD_FILE: missing }))
        .to.throw(ConfigError, `RELAYER_KEYSTORE_PASSWORD_FILE: cannot read ${missing} (ENOENT)`);
      const secret = "a-password-nobody-should-see";
      expect(() => loadConfig({ ...EXTERNAL, RELAYER_PRIVATE_KEY: "0x12", RELAYER_KEYSTORE: "relayer.json", RELAYER_KEYSTORE_PASSWORD: secret }))
        .to.throw(ConfigError)
        .that.satisfies((error: Error) => !error.message.includes(secret));
    });
  });

  describe("relayer transactions", function () {
    it("are resent after 30 s unmined and given up after 120 s by default", function () {
      expect(loadConfig({}).transactions).to.deep.equal({ resendAfterMs: 30_000, timeoutMs: 120_000 });
      expect(loadConfig({ TX_RESEND_AFTER_MS: "5000", TX_TIMEOUT_MS: "60000" }).transactions).to.deep.equal({ resendAfterMs: 5_000, timeoutMs: 60_000 });
    });

    it("refuses a timeout that leaves no time to resend, and values that are not milliseconds", function () {
      expect(() => loadConfig({ TX_RESEND_AFTER_MS: "60000", TX_TIMEOUT_MS: "60000" })).to.throw(ConfigError, "TX_TIMEOUT_MS: must be greater than TX_RESEND_AFTER_MS");
      expect(() => loadConfig({ TX_TIMEOUT_MS: "20000" })).to.throw(ConfigError, /TX_TIMEOUT_MS/);
      for (const bad of ["0", "-1", "1.5", "soon"]) {
        expect(() => loadConfig({ TX_RESEND_AFTER_MS: bad }), bad).to.throw(ConfigError, /TX_RESEND_AFTER_MS/);
      }
    });
  });
});
