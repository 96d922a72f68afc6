import path from "node:path";
import { expect } from "chai";
import { ConfigError, loadConfig } from "../../server/config";

describe("loadConfig", function () {
  it("defaults to the embedded chain on 127.0.0.1 with the documented ports", function () {
    const config = loadConfig({});
    expect(config).to.deep.include({ host: "127.0.0.1", port: 3000, confirmations: 0, adminToken: undefined });
    expect(config.chain).to.deep.equal({ mode: "embedded", host: "127.0.0.1", port: 8545 });
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
      relayerPrivateKey: key,
      startBlock: 12,
    });
    expect(config.confirmations).to.equal(3);
  });

  it("fails fast, naming every bad variable", function () {
    const attempt = () => loadConfig({ RPC_URL: "http://127.0.0.1:8545", PORT: "seventy", ADMIN_TOKEN: "short" });
    expect(attempt).to.throw(ConfigError, /PORT/);
    expect(attempt).to.throw(/REGISTRY_ADDRESS: is required when RPC_URL is set/);
    expect(attempt).to.throw(/RELAYER_PRIVATE_KEY: is required when RPC_URL is set/);
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
});
