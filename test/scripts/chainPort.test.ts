import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import hre, { network } from "hardhat";
import { TASK_NODE_CREATE_SERVER } from "hardhat/builtin-tasks/task-names";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { JsonRpcProvider, keccak256, toQuantity, Wallet, ZeroHash } from "ethers";
import pino from "pino";
import type { Browser } from "playwright-core";
import { DEFAULT_CHAIN_PORT_LIMITS, defaultAllowedHosts, startChainPort, type ChainPortLimits } from "../../scripts/chainPort";
import { jsonRpcProvider } from "../../protocol";
import { reindex } from "../../server/reindex";
import { launchChromium } from "../helpers/browser";
import { startHostileSite } from "../helpers/hostileSite";
import { KEY_0, KEY_1, KEY_3 } from "../helpers/keys";
import { freePort } from "../helpers/processes";
import { rawRequest, type RawRequest, type RawResponse } from "../helpers/rawHttp";
import { deployRegistryFixture } from "../helpers/registry";

type RpcAnswer = { id: number | string | null; result?: unknown; error?: { code: number; message: string; data?: unknown } };

const chain = network.provider;
const chainRequest = (method: string, params: unknown[] = []) => chain.request({ method, params });
const blockNumber = async () => Number(await chainRequest("eth_blockNumber"));

/** Key #3's wallet: Hardhat's public test key, see test/helpers/keys.ts. */
const sender = new Wallet(KEY_3);
const RECIPIENT = "0x000000000000000000000000000000000000dEaD";

/** A transfer of 1 wei from key #3 with its next nonce on the chain. */
async function transferFields() {
  const nonce = Number(await chainRequest("eth_getTransactionCount", [sender.address, "pending"]));
  return { type: 2, chainId: 31337n, to: RECIPIENT, value: 1n, gasLimit: 21_000n, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 10n ** 9n, nonce };
}

/** Transfers of 1 wei from key #3, signed here: the next `count` nonces on the chain. */
async function signedTransfers(count: number): Promise<string[]> {
  const fields = await transferFields();
  return Promise.all(Array.from({ length: count }, (_, i) => sender.signTransaction({ ...fields, nonce: fields.nonce + i })));
}

/**
 * Init code run by an eth_call without `to`: a loop of `iterations` rounds of 26 gas, then STOP.
 * PUSH3 n; JUMPDEST; PUSH1 1; SWAP1; SUB; DUP1; PUSH1 4; JUMPI; STOP.
 */
const countedLoop = (iterations: number) => `0x62${iterations.toString(16).padStart(6, "0")}5b600190038060045700`;
/** JUMPDEST; PUSH1 0; JUMP: runs until the gas is gone. */
const ENDLESS_LOOP = "0x5b600056";

const jsonRpc = (method: string, params: unknown[] = [], id: number | string = 1) => ({ jsonrpc: "2.0", id, method, params });

describe("The chain port (scripts/chainPort.ts)", function () {
  const ports: { close(): Promise<void> }[] = [];
  let logLines: { level: number; msg: string; reason?: string; limit?: string }[];
  /** The port with the default limits. */
  let url: string;
  let fixture: Awaited<ReturnType<typeof deployRegistryFixture>>;

  /** A port on a free loopback port, closed after the tests; its log goes to `lines`. */
  async function openPort(limits: Partial<ChainPortLimits> = {}, lines: object[] = []) {
    const port = await freePort();
    const logger = pino({ level: "warn" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const opened = await startChainPort({ provider: chain, host: "127.0.0.1", port, allowedHosts: defaultAllowedHosts("127.0.0.1", port), limits, logger });
    ports.push(opened);
    return { ...opened, port };
  }

  const post = (to: string, body: unknown, options: RawRequest = {}) =>
    rawRequest(to, { ...options, headers: { "Content-Type": "application/json", ...options.headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
  const answerOf = (response: RawResponse) => JSON.parse(response.text) as RpcAnswer;
  /** One call through a port, and its answer. */
  const ask = async (to: string, method: string, params: unknown[] = [], options: RawRequest = {}) => answerOf(await post(to, jsonRpc(method, params), options));
  /** One call through a port that must succeed: its result. */
  async function resultOf(to: string, method: string, params: unknown[] = []): Promise<unknown> {
    const answer = await ask(to, method, params);
    expect(answer.error, `${method} answered an error`).to.equal(undefined);
    return answer.result;
  }

  before(async function () {
    fixture = await loadFixture(deployRegistryFixture);
    logLines = [];
    ({ url } = await openPort({}, logLines));
  });
  after(async function () {
    await Promise.all(ports.map((port) => port.close()));
  });

  describe("the methods it serves", function () {
    it("answers each read as the chain does", async function () {
      const { registryAddress } = fixture;
      const hash = await resultOf(url, "eth_sendRawTransaction", await signedTransfers(1));
      const head = (await chainRequest("eth_getBlockByNumber", ["latest", false])) as { hash: string; number: string };
      // The fixture's blocks, with the registry's first events, are among the last few.
      const recent = toQuantity(Math.max(0, Number(head.number) - 99));
      const view = fixture.registry.interface.encodeFunctionData("successorOf", [ZeroHash]);
      const reads: [string, unknown[]][] = [
        ["eth_chainId", []],
        ["net_version", []],
        ["web3_clientVersion", []],
        ["eth_blockNumber", []],
        ["eth_getBlockByNumber", ["latest", true]],
        ["eth_getBlockByHash", [head.hash, false]],
        ["eth_getLogs", [{ address: registryAddress, fromBlock: recent, toBlock: "latest" }]],
        ["eth_call", [{ to: registryAddress, data: view }, "latest"]],
        ["eth_estimateGas", [{ from: sender.address, to: RECIPIENT, value: "0x1" }]],
        ["eth_gasPrice", []],
        ["eth_feeHistory", ["0x4", "latest", [25, 75]]],
        ["eth_maxPriorityFeePerGas", []],
        ["eth_getBalance", [sender.address, "latest"]],
        ["eth_getCode", [registryAddress, "latest"]],
        ["eth_getStorageAt", [registryAddress, "0x0", "latest"]],
        ["eth_getTransactionCount", [sender.address, "latest"]],
        ["eth_getTransactionByHash", [hash]],
        ["eth_getTransactionReceipt", [hash]],
      ];
      for (const [method, params] of reads) {
        expect(await resultOf(url, method, params), method).to.deep.equal(await chainRequest(method, params));
      }
      expect(await resultOf(url, "eth_chainId")).to.equal("0x7a69");
      expect(await resultOf(url, "eth_getLogs", reads[6]![1])).to.have.length.greaterThan(0);
      expect(await resultOf(url, "eth_call", reads[7]![1])).to.equal(ZeroHash);
    });

    it("mines a transaction signed with key #3 and sent with eth_sendRawTransaction", async function () {
      const [raw] = await signedTransfers(1);
      const hash = await resultOf(url, "eth_sendRawTransaction", [raw]);
      expect(hash).to.equal(keccak256(raw!));
      const receipt = (await resultOf(url, "eth_getTransactionReceipt", [hash])) as { status: string; blockNumber: string };
      expect(receipt.status).to.equal("0x1");
      expect(Number(receipt.blockNumber)).to.equal(await blockNumber());
    });

    it("answers eth_accounts with no account: none is unlocked through the port", async function () {
      expect(await resultOf(url, "eth_accounts")).to.deep.equal([]);
    });

    it("serves ethers' JsonRpcProvider, which decodes a custom error from the revert data", async function () {
      const client = new JsonRpcProvider(url, 31337, { staticNetwork: true });
      const { registry, admin, publisher } = fixture;
      const viaPort = registry.connect(client);
      expect(await client.getBlockNumber()).to.equal(await blockNumber());
      await expect(viaPort.registerPublisher.staticCall(publisher.address, "Again", "again.example", { from: admin.address }))
        .to.be.revertedWithCustomError(registry, "PublisherKeyAlreadyRegistered")
        .withArgs(publisher.address, 1);
      client.destroy();
    });

    it("lets `newsprov reindex --rpc` rebuild the index through it, in the follower's 2,000-block reads", async function () {
      // From block 0, the first read spans 2,000 blocks: the default maxLogBlockRange.
      const head = await blockNumber();
      if (head < DEFAULT_CHAIN_PORT_LIMITS.maxLogBlockRange) await chainRequest("hardhat_mine", [toQuantity(DEFAULT_CHAIN_PORT_LIMITS.maxLogBlockRange - head)]);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-port-reindex-"));
      const client = jsonRpcProvider(url);
      try {
        const result = await reindex({ dataDir, provider: client, registry: fixture.registryAddress, startBlock: 0 });
        expect(result).to.include({ publishers: 1, indexedBlock: await blockNumber() });
      } finally {
        client.destroy();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });

  describe("the methods it refuses", function () {
    const [account0, account1] = [new Wallet(KEY_0).address, new Wallet(KEY_1).address];
    const refused: [string, unknown[]][] = [
      ["eth_sendTransaction", [{ from: account0, to: RECIPIENT, value: "0x1" }]],
      ["eth_sendTransaction", [{ from: account1, to: RECIPIENT, value: "0x1" }]],
      ["evm_setAutomine", [false]],
      ["hardhat_mine", ["0x1388"]],
      ["evm_setNextBlockTimestamp", [4_070_908_800]],
      ["debug_traceCall", [{ data: ENDLESS_LOOP, gas: "0x2dc6c0" }, "latest"]],
      ["personal_sign", ["0x68656c6c6f", account0]],
      ["hardhat_setLoggingEnabled", [true]],
      ["eth_sign", [account0, "0x68656c6c6f"]],
      ["eth_signTypedData_v4", [account0, "{}"]],
      ["evm_mine", []],
      ["eth_subscribe", ["newHeads"]],
      ["eth_newFilter", [{}]],
    ];

    it("answers -32601 naming the method, and the chain is as it was: same head, automine on", async function () {
      const before = await blockNumber();
      const timestamp = ((await chainRequest("eth_getBlockByNumber", ["latest", false])) as { timestamp: string }).timestamp;
      for (const [method, params] of refused) {
        const answer = await ask(url, method, params, {});
        expect(answer.error, method).to.deep.equal({ code: -32601, message: `the method ${method} is not available on this port` });
      }
      expect(await blockNumber()).to.equal(before);
      // Still automining, with the clock where it was: the next transaction is mined at once, before 2099.
      const hash = await resultOf(url, "eth_sendRawTransaction", await signedTransfers(1));
      const receipt = (await resultOf(url, "eth_getTransactionReceipt", [hash])) as { blockNumber: string };
      expect(Number(receipt.blockNumber)).to.equal(before + 1);
      const mined = (await chainRequest("eth_getBlockByNumber", [receipt.blockNumber, false])) as { timestamp: string };
      expect(Number(mined.timestamp)).to.be.below(4_070_908_800).and.at.least(Number(timestamp));
    });

    it("logs the first refusal of a kind, and no part of the request", async function () {
      const marker = "0x5ec4e7";
      await ask(url, "hardhat_setBalance", [account0, marker]);
      await ask(url, "hardhat_setCode", [account0, marker]);
      const lines = logLines.filter((line) => line.reason === "method_not_available");
      expect(lines).to.have.length(1);
      expect(lines[0]!.level).to.equal(40);
      expect(JSON.stringify(logLines)).to.not.contain(marker).and.not.contain("hardhat_setBalance");
    });
  });

  describe("its bounds", function () {
    describe("maxBodyBytes", function () {
      it("answers 413 to a body past it, without reading it as JSON-RPC", async function () {
        const port = await openPort({ maxBodyBytes: 1_024 });
        const padded = (bytes: number) => JSON.stringify({ ...jsonRpc("eth_chainId"), pad: "x".repeat(bytes - JSON.stringify({ ...jsonRpc("eth_chainId"), pad: "" }).length) });
        expect(answerOf(await post(port.url, padded(1_024))).result).to.equal("0x7a69");
        const response = await post(port.url, padded(1_025));
        expect(response.status).to.equal(413);
        expect(response.headers["content-type"]).to.match(/^application\/json/);
        expect(answerOf(response)).to.deep.equal({ jsonrpc: "2.0", id: null, error: { code: -32005, message: "the body is larger than the port's maxBodyBytes of 1024 bytes" } });
      });
    });

    describe("maxBatchSize", function () {
      it("answers a batch at the limit call by call, and refuses a larger one or an empty one", async function () {
        const port = await openPort({ maxBatchSize: 3 });
        const batch = (size: number) => Array.from({ length: size }, (_, i) => jsonRpc("eth_chainId", [], i));
        const answers = JSON.parse((await post(port.url, batch(3))).text) as RpcAnswer[];
        expect(answers.map((answer) => [answer.id, answer.result])).to.deep.equal([[0, "0x7a69"], [1, "0x7a69"], [2, "0x7a69"]]);
        expect(answerOf(await post(port.url, batch(4))).error).to.deep.equal({ code: -32005, message: "a batch of 4 calls is more than the port's maxBatchSize of 3" });
        expect(answerOf(await post(port.url, [])).error).to.deep.equal({ code: -32600, message: "Invalid request: the batch is empty" });
      });
    });

    describe("maxLogBlockRange", function () {
      let port: Awaited<ReturnType<typeof openPort>>;
      let head: number;
      const logs = (filter: object) => ask(port.url, "eth_getLogs", [filter]);

      before(async function () {
        port = await openPort({ maxLogBlockRange: 10 });
        await chainRequest("hardhat_mine", ["0xc"]);
        head = await blockNumber();
      });

      it("answers a range of exactly the limit, tags resolved against the head", async function () {
        for (const filter of [{ fromBlock: toQuantity(head - 9), toBlock: "latest" }, { fromBlock: toQuantity(head - 8), toBlock: "pending" }, { fromBlock: toQuantity(head - 9) }]) {
          expect((await logs(filter)).result, JSON.stringify(filter)).to.deep.equal([]);
        }
      });

      it("answers a blockHash filter, one block", async function () {
        const { hash } = (await chainRequest("eth_getBlockByNumber", ["latest", false])) as { hash: string };
        expect((await logs({ blockHash: hash })).result).to.deep.equal([]);
      });

      it("refuses a range past the limit with -32005 naming it", async function () {
        expect((await logs({ fromBlock: toQuantity(head - 10), toBlock: "latest" })).error).to.deep.equal({
          code: -32005,
          message: `eth_getLogs over 11 blocks (${head - 10} to ${head}) is more than the port's maxLogBlockRange of 10: ask for smaller ranges`,
        });
        for (const filter of [{ fromBlock: "earliest", toBlock: "finalized" }, { fromBlock: "earliest" }, { fromBlock: "0x0", toBlock: "0xffffffff" }, { fromBlock: toQuantity(head - 9), toBlock: "pending" }]) {
          expect((await logs(filter)).error?.code, JSON.stringify(filter)).to.equal(-32005);
        }
      });

      it("refuses a block it cannot read rather than guess its range", async function () {
        // The chain takes an EIP-1898 object too, which the port does not read.
        expect((await logs({ fromBlock: { blockNumber: "0x0" }, toBlock: "latest" })).error).to.deep.equal({ code: -32602, message: "eth_getLogs: fromBlock must be a hex block number or a block tag" });
      });
    });

    describe("maxCallGas", function () {
      // 40,000 rounds need about 1.1 million gas, 20,000 rounds about 0.6 million.
      const [longer, shorter] = [countedLoop(40_000), countedLoop(20_000)];
      let port: Awaited<ReturnType<typeof openPort>>;

      before(async function () {
        port = await openPort({ maxCallGas: 1_000_000n });
        expect(Number(await chainRequest("eth_estimateGas", [{ data: longer }]))).to.be.above(1_000_000);
        expect(Number(await chainRequest("eth_estimateGas", [{ data: shorter }]))).to.be.below(1_000_000);
      });

      it("runs a call with no gas or more gas than the cap with the cap: a longer loop runs out of gas", async function () {
        for (const gas of [undefined, "0x1c9c380"]) {
          expect((await ask(port.url, "eth_call", [{ data: longer, gas }, "latest"])).error?.message, String(gas)).to.equal("Transaction ran out of gas");
          expect(await resultOf(port.url, "eth_call", [{ data: shorter, gas }, "latest"]), String(gas)).to.equal("0x");
        }
        // The chain itself, asked directly, runs the longer loop to its end.
        expect(await chainRequest("eth_call", [{ data: longer, gas: toQuantity(2_000_000) }, "latest"])).to.equal("0x");
      });

      it("estimates within the cap, and keeps a smaller gas given", async function () {
        expect(Number(await resultOf(port.url, "eth_estimateGas", [{ data: shorter, gas: "0x1c9c380" }]))).to.be.below(1_000_000);
        expect((await ask(port.url, "eth_estimateGas", [{ data: longer }])).error?.message).to.equal("Transaction ran out of gas");
        expect((await ask(port.url, "eth_call", [{ data: shorter, gas: toQuantity(100_000) }, "latest"])).error?.message).to.equal("Transaction ran out of gas");
      });

      it("cuts an endless loop at the default cap with an out-of-gas error", async function () {
        expect((await ask(url, "eth_call", [{ data: ENDLESS_LOOP }, "latest"])).error?.message).to.equal("Transaction ran out of gas");
      });

      it("leaves room at the default cap to estimate a write of the registry", async function () {
        const { registry, registryAddress, admin } = fixture;
        const data = registry.interface.encodeFunctionData("registerPublisher", [RECIPIENT, "Another Newsroom", "another.example"]);
        const estimate = await resultOf(url, "eth_estimateGas", [{ from: admin.address, to: registryAddress, data }]);
        expect(estimate).to.equal(await chainRequest("eth_estimateGas", [{ from: admin.address, to: registryAddress, data }]));
      });
    });

    describe("rawTransactionsPerMinute", function () {
      it("refuses a client's call past the limit, and no other client's", async function () {
        const port = await openPort({ rawTransactionsPerMinute: 2 });
        const [first, second, third] = await signedTransfers(3);
        for (const raw of [first, second]) expect(await resultOf(port.url, "eth_sendRawTransaction", [raw])).to.equal(keccak256(raw!));
        const nonce = await chainRequest("eth_getTransactionCount", [sender.address, "latest"]);
        expect((await ask(port.url, "eth_sendRawTransaction", [third])).error).to.deep.include({ code: -32005 });
        expect((await ask(port.url, "eth_sendRawTransaction", [third])).error?.message).to.match(/^more than the port's rawTransactionsPerMinute of 2 eth_sendRawTransaction calls from this client in a minute: retry in \d+ s$/);
        expect(await chainRequest("eth_getTransactionCount", [sender.address, "latest"])).to.equal(nonce);
        // The same client's reads are not counted; another client's transactions are.
        expect(await resultOf(port.url, "eth_chainId")).to.equal("0x7a69");
        const other = await ask(port.url, "eth_sendRawTransaction", [third], { localAddress: "127.0.0.2" });
        expect(other.result).to.equal(keccak256(third!));
      });

      it("counts each call of a batch", async function () {
        const port = await openPort({ rawTransactionsPerMinute: 2 });
        const raws = await signedTransfers(3);
        const answers = JSON.parse((await post(port.url, raws.map((raw, i) => jsonRpc("eth_sendRawTransaction", [raw], i)))).text) as RpcAnswer[];
        expect(answers.slice(0, 2).map((answer) => answer.result)).to.deep.equal(raws.slice(0, 2).map((raw) => keccak256(raw)));
        expect(answers[2]).to.deep.include({ id: 2 });
        expect(answers[2]!.error?.code).to.equal(-32005);
      });
    });
  });

    describe("maxTransactionGas", function () {
      it("refuses a raw transaction that carries more gas, before the chain runs it", async function () {
        const port = await openPort({ maxTransactionGas: 100_000n });
        const nonce = await chainRequest("eth_getTransactionCount", [sender.address, "pending"]);
        const heavy = await sender.signTransaction({ ...(await transferFields()), gasLimit: 100_001 });
        const answer = await ask(port.url, "eth_sendRawTransaction", [heavy]);
        expect(answer.error).to.deep.equal({ code: -32005, message: "a transaction of 100001 gas is more than the port's maxTransactionGas of 100000" });
        expect(await chainRequest("eth_getTransactionCount", [sender.address, "pending"])).to.equal(nonce);
        const light = await sender.signTransaction({ ...(await transferFields()), gasLimit: 100_000 });
        expect(await resultOf(port.url, "eth_sendRawTransaction", [light])).to.equal(keccak256(light));
      });
    });

  describe("origins and hosts", function () {
    it("refuses a Host header it does not answer to with 403, and answers its own names", async function () {
      const port = new URL(url).port;
      const response = await post(url, jsonRpc("eth_chainId"), { headers: { Host: `evil.example:${port}` } });
      expect(response.status).to.equal(403);
      expect(answerOf(response).error).to.deep.equal({ code: -32600, message: `the Host header "evil.example:${port}" is not one this port answers to` });
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
        expect(answerOf(await post(url, jsonRpc("eth_chainId"), { headers: { Host: host } })).result, host).to.equal("0x7a69");
      }
    });

    it("answers 415 to the bodies a page can send without a preflight: text/plain, forms", async function () {
      for (const contentType of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
        const response = await post(url, jsonRpc("eth_chainId"), { headers: { "Content-Type": contentType } });
        expect(response.status, contentType).to.equal(415);
        expect(answerOf(response).error?.code, contentType).to.equal(-32600);
      }
      expect(answerOf(await post(url, jsonRpc("eth_chainId"), { headers: { "Content-Type": "application/json; charset=utf-8" } })).result).to.equal("0x7a69");
    });

    it("answers 415 to JSON it would have to decode or inflate first", async function () {
      const refused: Record<string, string>[] = [{ "Content-Type": "application/json; charset=latin1" }, { "Content-Encoding": "gzip" }];
      for (const headers of refused) {
        const response = await post(url, jsonRpc("eth_chainId"), { headers });
        expect(response.status, JSON.stringify(headers)).to.equal(415);
        expect(answerOf(response).error?.code).to.equal(-32600);
      }
    });

    it("sends no CORS header, to a preflight or any answer, and 405 to anything but POST", async function () {
      const preflight = await rawRequest(url, {
        method: "OPTIONS",
        headers: { Origin: "http://evil.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
      });
      expect(preflight.status).to.equal(405);
      const get = await rawRequest(url, { method: "GET" });
      expect(get.status).to.equal(405);
      expect(get.headers.allow).to.equal("POST");
      expect(answerOf(get).error).to.deep.equal({ code: -32600, message: "HTTP GET is not served: send JSON-RPC with POST" });
      const answered = await post(url, jsonRpc("eth_chainId"), { headers: { Origin: "http://evil.example" } });
      for (const response of [preflight, get, answered]) {
        expect(Object.keys(response.headers).filter((name) => name.startsWith("access-control-"))).to.deep.equal([]);
      }
    });

    it("answers malformed JSON with -32700 and an invalid request object with -32600, in JSON", async function () {
      const parse = await post(url, '{"jsonrpc":');
      expect(parse.status).to.equal(200);
      expect(parse.headers["content-type"]).to.match(/^application\/json/);
      expect(answerOf(parse)).to.deep.include({ id: null }).and.have.nested.property("error.code", -32700);
      expect(answerOf(parse).error?.message).to.match(/^Parse error: /);
      expect(answerOf(await post(url, { jsonrpc: "2.0", method: "eth_chainId" })).error).to.deep.equal({ code: -32600, message: "Invalid request" });
      const batch = JSON.parse((await post(url, [1, { jsonrpc: "2.0", id: 7, method: "eth_chainId", params: {} }])).text) as RpcAnswer[];
      expect(batch.map((answer) => [answer.id, answer.error?.code])).to.deep.equal([[null, -32600], [7, -32600]]);
    });
  });

  describe("errors of the chain", function () {
    let hardhatServer: { listen(): Promise<{ address: string; port: number }>; close(): Promise<void> };
    let hardhatUrl: string;

    before(async function () {
      hardhatServer = await hre.run(TASK_NODE_CREATE_SERVER, { hostname: "127.0.0.1", port: await freePort(), provider: chain });
      const { address, port } = await hardhatServer.listen();
      hardhatUrl = `http://${address}:${port}`;
    });
    after(async function () {
      await hardhatServer?.close();
    });

    it("reach the client with the code, message and data of Hardhat's own server", async function () {
      const { registry, registryAddress, admin, publisher } = fixture;
      const alreadyRegistered = registry.interface.encodeFunctionData("registerPublisher", [publisher.address, "Again", "again.example"]);
      const calls: [string, unknown[]][] = [
        ["eth_call", [{ from: admin.address, to: registryAddress, data: alreadyRegistered }, "latest"]],
        ["eth_call", [{ data: "0x60ff60005260206000fd" }, "latest"]],
        ["eth_call", [{ data: ENDLESS_LOOP, gas: "0x186a0" }, "latest"]],
        ["eth_sendRawTransaction", ["0x00"]],
        ["eth_getBalance", ["0x1234", "latest"]],
      ];
      for (const [method, params] of calls) {
        const [ours, hardhats] = await Promise.all([ask(url, method, params), ask(hardhatUrl, method, params)]);
        expect(hardhats.error, `${method}: Hardhat's server answered no error`).to.not.equal(undefined);
        expect(ours, `${method} ${JSON.stringify(params)}`).to.deep.equal(hardhats);
      }
    });

    it("carry the revert data clients decode a custom error from, and a mined transaction's hash", async function () {
      const { registry, registryAddress, admin, publisher } = fixture;
      const data = registry.interface.encodeFunctionData("registerPublisher", [publisher.address, "Again", "again.example"]);
      const { error } = await ask(url, "eth_call", [{ from: admin.address, to: registryAddress, data }, "latest"]);
      const revert = (error!.data as { data: string }).data;
      expect(registry.interface.parseError(revert)?.args.toArray()).to.deep.equal([publisher.address, 1n]);
      // Key #3 is no admin: its transaction is mined, and reverts.
      const nonce = Number(await chainRequest("eth_getTransactionCount", [sender.address, "latest"]));
      const raw = await sender.signTransaction({ type: 2, chainId: 31337n, nonce, to: registryAddress, data, gasLimit: 200_000n, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 10n ** 9n });
      const sent = await ask(url, "eth_sendRawTransaction", [raw]);
      expect(sent.error?.data).to.have.property("txHash", keccak256(raw));
      expect(registry.interface.parseError((sent.error!.data as { data: string }).data)?.name).to.equal("AccessControlUnauthorizedAccount");
    });
  });

  describe("a page of another origin, in Chromium", function () {
    let browser: Browser;

    before(async function () {
      browser = await launchChromium();
    });
    after(async function () {
      await browser?.close();
    });

    it("can neither read an answer nor send a transaction, by fetch or by form", async function () {
      const lines: { reason?: string }[] = [];
      const port = await openPort({}, lines);
      const [raw] = await signedTransfers(1);
      const site = await startHostileSite(attackScript(port.url, raw!));
      const before = await blockNumber();
      const page = await browser.newPage();
      try {
        await page.goto(`${site.origin}/`);
        const outcome = await (await page.waitForFunction(() => (globalThis as { outcome?: unknown }).outcome)).jsonValue();
        expect(outcome).to.deep.equal({
          // Sent as a "simple" request, answered 415 without a CORS header: the page reads nothing.
          plainFetch: { rejected: "TypeError" },
          plainNoCors: { type: "opaque", status: 0, text: "" },
          // A JSON body needs a preflight, which gets 405 without a CORS header: the POST is never sent.
          jsonFetch: { rejected: "TypeError" },
          jsonRead: { rejected: "TypeError" },
          // Each form's answer lands in a frame of the port's origin, which the page cannot look into.
          forms: { "text/plain": "unreadable", "application/x-www-form-urlencoded": "unreadable", "multipart/form-data": "unreadable" },
        });
      } finally {
        await page.close();
        await site.close();
      }
      expect(await blockNumber()).to.equal(before);
      expect(await chainRequest("eth_getTransactionByHash", [keccak256(raw!)])).to.equal(null);
      // They reached the port, which refused them: the bodies for their type, the preflight for its method.
      expect(lines.map((line) => line.reason)).to.include.members(["unsupported_media_type", "http_method_not_allowed"]);
      // And what the page sent was live: the same transaction, from a client outside the browser, is mined.
      expect(await resultOf(port.url, "eth_sendRawTransaction", [raw])).to.equal(keccak256(raw!));
    });
  });

  describe("close", function () {
    it("stops listening, even with a connection kept alive", async function () {
      const port = await openPort();
      // fetch keeps its connection open after the answer.
      const answer = await fetch(port.url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(jsonRpc("eth_chainId")) });
      expect(await answer.json()).to.have.property("result", "0x7a69");
      await port.close();
      await expect(rawRequest(port.url, { body: "{}" })).to.be.rejectedWith(/ECONNREFUSED/);
    });
  });

  describe("defaultAllowedHosts", function () {
    it("accepts the bind address and the loopback names for a loopback bind", function () {
      expect(defaultAllowedHosts("127.0.0.1", 8545)).to.deep.equal(["127.0.0.1:8545", "localhost:8545", "[::1]:8545"]);
      expect(defaultAllowedHosts("localhost", 8545)).to.deep.equal(["localhost:8545", "127.0.0.1:8545", "[::1]:8545"]);
      expect(defaultAllowedHosts("::1", 8545)).to.deep.equal(["[::1]:8545", "localhost:8545", "127.0.0.1:8545"]);
      expect(defaultAllowedHosts("127.0.0.2", 9000)).to.deep.equal(["127.0.0.2:9000", "localhost:9000", "127.0.0.1:9000", "[::1]:9000"]);
    });

    it("accepts only the bind address for another address, and nothing for a wildcard bind", function () {
      expect(defaultAllowedHosts("192.168.1.20", 8545)).to.deep.equal(["192.168.1.20:8545"]);
      for (const wildcard of ["0.0.0.0", "::", "::0", ""]) expect(defaultAllowedHosts(wildcard, 8545), wildcard).to.deep.equal([]);
    });

    it("leaves startChainPort to refuse a wildcard bind with no Host listed", async function () {
      const port = await freePort();
      const options = { provider: chain, host: "0.0.0.0", port, logger: pino({ level: "silent" }) };
      await expect(startChainPort({ ...options, allowedHosts: defaultAllowedHosts("0.0.0.0", port) })).to.be.rejectedWith(
        `the chain port on 0.0.0.0:${port} has no allowed Host: list the names its clients reach it by`,
      );
    });
  });
});

/**
 * What a hostile page tries against the port at `target`: fetches of a signed transaction and of
 * a read, as text/plain (no preflight), no-cors and application/json, and forms of each encoding
 * posting the transaction into frames. It leaves what it could see in window.outcome.
 */
function attackScript(target: string, rawTransaction: string): string {
  return `
const target = ${JSON.stringify(target)};
const call = (method, params) => JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });
const send = call("eth_sendRawTransaction", [${JSON.stringify(rawTransaction)}]);

async function attempt(init) {
  try {
    const response = await fetch(target, { method: "POST", ...init });
    return { type: response.type, status: response.status, text: await response.text() };
  } catch (error) {
    return { rejected: error.name };
  }
}

async function postForm(enctype, name, value) {
  const frame = document.createElement("iframe");
  frame.name = "frame-" + enctype;
  frame.src = "/blank";
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener("load", resolve, { once: true }));
  const form = Object.assign(document.createElement("form"), { method: "POST", action: target, enctype, target: frame.name });
  form.append(Object.assign(document.createElement("input"), { type: "hidden", name, value }));
  document.body.append(form);
  const answered = new Promise((resolve) => frame.addEventListener("load", resolve, { once: true }));
  form.submit();
  await answered;
  try {
    return frame.contentDocument === null ? "unreadable" : frame.contentDocument.body.innerText;
  } catch (error) {
    return "unreadable";
  }
}

const text = { "Content-Type": "text/plain" };
const json = { "Content-Type": "application/json" };
window.outcome = {
  plainFetch: await attempt({ headers: text, body: send }),
  plainNoCors: await attempt({ mode: "no-cors", headers: text, body: send }),
  jsonFetch: await attempt({ headers: json, body: send }),
  jsonRead: await attempt({ headers: json, body: call("eth_blockNumber", []) }),
  forms: {
    // The text/plain encoding writes name=value: a name ending in a JSON string makes the body JSON.
    "text/plain": await postForm("text/plain", send.slice(0, -1) + ',"pad":"', '"}'),
    "application/x-www-form-urlencoded": await postForm("application/x-www-form-urlencoded", "payload", send),
    "multipart/form-data": await postForm("multipart/form-data", "payload", send),
  },
};
`;
}
