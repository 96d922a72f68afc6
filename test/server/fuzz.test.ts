import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect } from "chai";
import { Wallet, hexlify, keccak256, randomBytes, toUtf8Bytes } from "ethers";
import fc from "fast-check";
import { ethers } from "hardhat";
import { NO_PREVIOUS, type Hex } from "../../protocol";
import { frenchArticle, idOf, sampleArticle } from "../helpers/articles";
import { signKeyRotation, signPublication, signRetraction } from "../helpers/registry";
import { startTestService, TEST_ADMIN_TOKEN } from "../helpers/service";

// Malformed and hostile requests on every route, against the service on the in-process chain. Each
// must be refused with a documented 4xx and a JSON error (or, for reads, answered), never a 5xx,
// and none may change the database or the chain. Every signature below is wrong by construction
// (another chain, another registry, another message, a stranger's key, a stale nonce): a request
// that could succeed would be a write, which the final comparison of the database and the chain
// would catch.

/** Requests in flight at once: the client shares the service's thread, and so its waits. */
const CONCURRENCY = 8;

/** Requests per property: together at least 10,000, in about a minute. */
const RUNS = {
  rawBodies: 1_500,
  articleBodies: 2_000,
  articleLimits: 200,
  quotes: 700,
  publications: 1_500,
  bulkPublications: 400,
  retractions: 700,
  registrations: 700,
  revocations: 400,
  rotations: 700,
  identifiers: 1_600,
  headers: 500,
} as const;

// ---------------------------------------------------------------------------------------------
// Sending, and what every answer must look like

interface Attack {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** A write route: it may refuse, never succeed. */
  write: boolean;
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

let baseUrl: URL;
const agent = new http.Agent({ keepAlive: true });
let sent = 0;
/** How many answers of each status and code: printed at the end, to show what the fuzz reached. */
const outcomes = new Map<string, number>();
const tally = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);

function send(attack: Attack): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { ...attack.headers };
    if (attack.body !== undefined) headers["content-length"] = String(Buffer.byteLength(attack.body));
    const req = http.request({ host: baseUrl.hostname, port: baseUrl.port, method: attack.method, path: attack.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, contentType: res.headers["content-type"] ?? "", text: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(attack.body);
  });
}

/** Status and code of every error in docs/api.md's table: the only ones a caller may see. */
function documentedErrors(): Map<string, number> {
  const doc = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "api.md"), "utf8");
  const codes = new Map<string, number>();
  for (const [, status, code] of doc.matchAll(/^\| (\d{3}) \| `([a-z0-9_]+)` \|/gm)) codes.set(code!, Number(status));
  return codes;
}
const DOCUMENTED = documentedErrors();

/** Sends one attack and checks the answer: no 5xx, a documented JSON error for a 4xx, no successful write. */
async function probe(attack: Attack): Promise<Answer> {
  sent++;
  const answer = await send(attack);
  const where = `${attack.method} ${attack.path.slice(0, 120)} → ${answer.status} ${answer.text.slice(0, 300)}`;
  expect(answer.status, where).to.be.below(500);
  if (answer.status === 431) {
    // Node's HTTP parser refuses a request line and headers over 16 KiB itself, before the app runs.
    const head = attack.path.length + Object.entries(attack.headers ?? {}).reduce((sum, [name, value]) => sum + name.length + value.length, 0);
    expect(head, where).to.be.above(16 * 1024);
    tally("431 (Node)");
    return answer;
  }
  if (attack.write) expect(answer.status, `a write succeeded: ${where}`).to.be.at.least(300);
  if (answer.status < 400) {
    tally(String(answer.status));
    return answer;
  }
  expect(answer.contentType, where).to.match(/^application\/json\b/);
  if (attack.method === "HEAD") return answer; // The answer has headers only.
  const { error } = JSON.parse(answer.text) as { error: { code: unknown; message: unknown } };
  expect(error.message, where).to.be.a("string");
  expect(DOCUMENTED.get(String(error.code)), `undocumented error ${String(error.code)}: ${where}`).to.equal(answer.status);
  tally(`${answer.status} ${String(error.code)}`);
  return answer;
}

const check = async (attack: Attack): Promise<void> => {
  await probe(attack);
};

/** POST routes that compute an answer and store nothing. */
const READ_POSTS = ["/v1/hash", "/v1/verify", "/v1/verify/quote"];
const JSON_BODY = { "content-type": "application/json" };
const post = (route: string, body: string | Buffer, headers: Record<string, string> = JSON_BODY): Attack => ({
  method: "POST",
  path: route,
  headers,
  body,
  write: !READ_POSTS.includes(route),
});

// ---------------------------------------------------------------------------------------------
// Hostile values

const LONE_SURROGATES = ["\ud800", "\udfff", "x\ud83d", "\ude00y", "\udc00\ud800", "é\udbff"];
const PROTO_KEYS = ["__proto__", "constructor", "prototype"];
const ODD_KEYS = [...PROTO_KEYS, "", " ", "\u0000", "\ud800", "toString", "hasOwnProperty", "Title", "tags", "$where"];
const ODD_STRINGS = ["", " ", "\u0000", "\n\r\t", "\u202e", "\ufeff", "\u200b", "👩‍👩‍👧", "０ｘ", "null", "NaN", "[]", "{}", "<script>alert(1)</script>"];
const BAD_HEX = ["0x", "0x0", "0xzz", "0X" + "ab".repeat(32), "0x" + "a".repeat(63), "0x" + "a".repeat(65), "0x" + "ab".repeat(31) + "gg", "ab".repeat(32), "0x" + " ab".repeat(32)];
const HUGE = [1_001, 2_049, 10_000, 100_000].map((n) => "x".repeat(n));

/** C0 controls, NUL first, DEL and C1 controls: what a text field may carry besides its words. */
const CONTROLS = [...Array.from({ length: 0x20 }, (_, c) => c), 0x7f, 0x80, 0x85, 0x9f].map((c) => String.fromCharCode(c));

/** Words with control characters among them, or for a word: enough words to pass a quote's or a field's length checks. */
const withControls = (): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fc.constantFrom("le", "conseil", "vote", "600", "millions", "d'euros", "Mistral"), fc.constantFrom(...CONTROLS), fc.constant(" ")), { minLength: 1, maxLength: 16 })
    .map((parts) => parts.join(""));

/** Filled in before(): CIDs of the wrong version, codec or hash, and mangled article CIDs. */
const badCids: string[] = [];

const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.string({ unit: "binary", maxLength: 12 }),
    fc.constantFrom(...LONE_SURROGATES),
    fc.constantFrom(...ODD_STRINGS),
    withControls(),
    fc.constantFrom(...BAD_HEX),
    fc.constantFrom(...badCids),
    fc.constantFrom(...HUGE),
  );

const hostileValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: hostileString() },
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom([], {}, [[[]]], { a: { b: { c: {} } } }),
    fc.jsonValue({ maxDepth: 3 }),
  );

/** Adds an own property, `__proto__` included, as JSON.parse would create it. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

type Path = (string | number)[];

/** Every place in a JSON value: the root, each object member and each array element. */
function pathsOf(value: unknown, at: Path = []): Path[] {
  const children =
    value !== null && typeof value === "object"
      ? Object.keys(value).flatMap((key) => pathsOf((value as Record<string, unknown>)[key], [...at, Array.isArray(value) ? Number(key) : key]))
      : [];
  return [at, ...children];
}

type Mutation =
  | { op: "replace"; where: number; value: unknown }
  | { op: "delete"; where: number }
  | { op: "addKey"; where: number; key: string; value: unknown }
  | { op: "wrap"; where: number };

const mutation = (): fc.Arbitrary<Mutation> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant("replace" as const), where: fc.nat(), value: hostileValue() }) },
    fc.record({ op: fc.constant("delete" as const), where: fc.nat() }),
    { weight: 2, arbitrary: fc.record({ op: fc.constant("addKey" as const), where: fc.nat(), key: fc.constantFrom(...ODD_KEYS), value: hostileValue() }) },
    fc.record({ op: fc.constant("wrap" as const), where: fc.nat() }),
  );

/** Applies a mutation at one of the value's places, chosen by `where`; returns the new value. */
function mutate(value: unknown, m: Mutation): unknown {
  const paths = pathsOf(value);
  const at = paths[m.where % paths.length]!;
  const copy = structuredClone(value);
  const replaceAt = (root: unknown, place: Path, make: (old: unknown) => unknown): unknown => {
    if (place.length === 0) return make(root);
    let parent = root as Record<string | number, unknown>;
    for (const key of place.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = place.at(-1)!;
    const next = make(parent[last]);
    if (next === undefined) {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else setOwn(parent as Record<string, unknown>, String(last), next);
    return root;
  };
  switch (m.op) {
    case "replace":
      return replaceAt(copy, at, () => structuredClone(m.value));
    case "delete":
      return at.length === 0 ? {} : replaceAt(copy, at, () => undefined);
    case "wrap":
      return replaceAt(copy, at, (old) => [old]);
    case "addKey":
      return replaceAt(copy, at, (old) => {
        const target = old !== null && typeof old === "object" && !Array.isArray(old) ? (old as Record<string, unknown>) : {};
        setOwn(target, m.key, structuredClone(m.value));
        return target;
      });
  }
}

/** A valid request body spoiled by one to three mutations, anywhere in it. */
const mutated = (base: fc.Arbitrary<unknown>) =>
  fc.tuple(base, fc.array(mutation(), { minLength: 1, maxLength: 3 })).map(([value, mutations]) => mutations.reduce(mutate, value));

/** Bytes that are not one JSON value, or not an object or array. */
const badJson: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("", "{", "}", "[1,", '{"article": ', '{"a":1,}', "{'a':1}", "nul", "NaN", "Infinity", "undefined", '"text"', "42", "true", "null") },
  { weight: 4, arbitrary: fc.constantFrom('{"a":"\\ud800', '{"a":"\\u12"}', '{"a":"\\x41"}', '{"a":01}', '{"a":1e}', '\ufeff{"a":1}', '{"a":1}{"b":2}', '{"a":1} x') },
  // Nesting 100,000 deep: a recursive parser or validator would overflow its stack.
  { weight: 1, arbitrary: fc.constantFrom("[".repeat(100_000) + "]".repeat(100_000), '{"article":' + "[".repeat(50_000) + "]".repeat(50_000) + "}") },
  { weight: 4, arbitrary: fc.string({ unit: "binary", maxLength: 64 }).filter((text) => {
    try {
      const value: unknown = JSON.parse(text);
      return value === null || typeof value !== "object";
    } catch {
      return true;
    }
  }) },
);

/** What an HTTP client lets through in a header value: Latin-1 without control characters. */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f && (c < 0x80 || c >= 0xa0)).map((c) => String.fromCharCode(c)), maxLength: 80 });

/** A path segment for any string: a lone surrogate has no UTF-8 form, so it goes as its CESU-8 bytes. */
const pathSegment = (text: string) => encodeURIComponent(text.toWellFormed()).replaceAll("%EF%BF%BD", "%ED%A0%80");

const randomAddress = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => ethers.getAddress(hexlify(bytes)));
const randomHash = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => hexlify(bytes) as Hex);

// ---------------------------------------------------------------------------------------------

describe("fuzz: malformed and hostile requests", function () {
  this.timeout(300_000);

  let ctx: Awaited<ReturnType<typeof startTestService>>;
  let server: http.Server;
  let dataDir: string;
  let reader: Database.Database;
  let fixture: { cid: string; contentHash: Hex };
  let baseline: string;
  let startedAt: number;
  /** Valid-looking signatures that are wrong, each for its own reason. */
  const signatures = { publication: [] as string[], retraction: [] as string[], rotation: [] as string[] };

  /** The chain's height, and the row count of every table: what no request here may change. */
  async function snapshot(): Promise<string> {
    const tables = reader.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    const counts = Object.fromEntries(
      tables.map(({ name }) => [name, reader.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM "${name}"`).get()!.n]),
    );
    return JSON.stringify({ blockNumber: await ethers.provider.getBlockNumber(), counts });
  }

  /**
   * Sends `requests` generated attacks, a few at a time, then checks that the database and the
   * chain are as they were.
   */
  async function fuzz<T>(attacks: fc.Arbitrary<T>, check: (attack: T) => Promise<void>, requests: number): Promise<void> {
    const batch = fc.array(attacks, { minLength: CONCURRENCY, maxLength: CONCURRENCY });
    const property = fc.asyncProperty(batch, async (some) => {
      await Promise.all(some.map(check));
    });
    await fc.assert(property, {
      numRuns: Math.ceil(requests / CONCURRENCY),
      // A counterexample may hold megabytes of text: report its beginning.
      asyncReporter: async (details) => {
        if (details.failed) {
          const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
          throw new Error(`${cause.slice(0, 1_500)}\n${fc.defaultReportMessage(details)!.slice(0, 1_500)}`);
        }
      },
    });
    expect(await snapshot()).to.equal(baseline);
  }

  before(async function () {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-fuzz-"));
    // With a worker thread, as npm start runs: hostile input also crosses to it and back.
    ctx = await startTestService({ dataDir, workerThreads: 1 });
    server = await new Promise<http.Server>((resolve) => {
      const listening = ctx.app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    baseUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);

    // One anchored article, so that retractions, history and reads reach the chain and the index.
    const published = await send(post("/v1/articles", JSON.stringify(await ctx.publishBody(frenchArticle()))));
    expect(published.status, published.text).to.equal(201);
    const id = await idOf(frenchArticle());
    fixture = { cid: id.cid, contentHash: id.contentHash };

    const { publisher, other, deployment, chainId } = ctx;
    const elsewhere = Wallet.createRandom().address;
    const stranger = keccak256(toUtf8Bytes("a hash no article has")) as Hex;
    const sample = (await idOf(sampleArticle(0))).contentHash;
    signatures.publication.push(
      await signPublication(publisher, deployment.address, chainId + 1n, { contentHash: sample, previous: NO_PREVIOUS }),
      await signPublication(publisher, elsewhere, chainId, { contentHash: sample, previous: NO_PREVIOUS }),
      await signPublication(publisher, deployment.address, chainId, { contentHash: stranger, previous: NO_PREVIOUS }),
      await signPublication(other, deployment.address, chainId, { contentHash: sample, previous: NO_PREVIOUS }),
    );
    // The reason signed under the right domain is longer than any reason the API accepts.
    signatures.retraction.push(
      await signRetraction(publisher, deployment.address, chainId + 1n, { contentHash: fixture.contentHash, reason: "wrong chain" }),
      await signRetraction(publisher, elsewhere, chainId, { contentHash: fixture.contentHash, reason: "wrong registry" }),
      await signRetraction(publisher, deployment.address, chainId, { contentHash: fixture.contentHash, reason: "x".repeat(1_001) }),
      await signRetraction(other, deployment.address, chainId, { contentHash: fixture.contentHash, reason: "a stranger's" }),
    );
    // The identity's nonce is 0: a rotation signed for nonce 7 is a replay that never was.
    const newKey = Wallet.createRandom().address as Hex;
    signatures.rotation.push(
      await signKeyRotation(publisher, deployment.address, chainId, { publisherId: 1, newKey, nonce: 7n }),
      await signKeyRotation(publisher, deployment.address, chainId + 1n, { publisherId: 1, newKey, nonce: 0n }),
      await signKeyRotation(publisher, elsewhere, chainId, { publisherId: 1, newKey, nonce: 0n }),
      await signKeyRotation(other, deployment.address, chainId, { publisherId: 1, newKey, nonce: 0n }),
    );
    // Malleated twins (s → n − s) and other forms the registry refuses, of signatures already wrong.
    const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    for (const list of Object.values(signatures)) {
      const first = list[0]!;
      const s = BigInt("0x" + first.slice(66, 130));
      const v = parseInt(first.slice(130), 16);
      list.push(
        first.slice(0, 66) + (N - s).toString(16).padStart(64, "0") + (v === 27 ? "1c" : "1b"),
        first.slice(0, 130) + "00",
        first.slice(0, 130) + "01",
        first + "00",
        first + first.slice(2),
        "0x" + "00".repeat(65),
        "0x" + "ff".repeat(65),
        hexlify(randomBytes(65)),
      );
    }

    const { CID } = await import("multiformats/cid");
    const { sha256, sha512 } = await import("multiformats/hashes/sha2");
    const bytes = new TextEncoder().encode("{}");
    badCids.push(
      "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
      CID.createV1(0x70, await sha256.digest(bytes)).toString(),
      CID.createV1(0x55, await sha256.digest(bytes)).toString(),
      CID.createV1(0x0200, await sha512.digest(bytes)).toString(),
      CID.createV1(0x0129, await sha256.digest(bytes)).toString(),
      fixture.cid.slice(0, -1),
      fixture.cid.slice(1),
      fixture.cid + "a",
      fixture.cid.toUpperCase(),
      "b" + "a".repeat(60),
      "bagaaiera" + "!".repeat(50),
      "z" + fixture.cid,
    );

    const file = fs.readdirSync(dataDir).find((name) => name.endsWith(".sqlite"));
    reader = new Database(path.join(dataDir, file!), { readonly: true, fileMustExist: true });
    baseline = await snapshot();
    startedAt = Date.now();
  });

  after(async function () {
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    console.log(`      fuzz: ${sent} requests in ${seconds} s`);
    console.log(`      fuzz outcomes: ${[...outcomes].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ×${n}`).join(", ")}`);
    agent.destroy();
    await new Promise((resolve) => server?.close(resolve));
    reader?.close();
    await ctx?.service.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // --- Bodies ---------------------------------------------------------------------------------

  const POST_ROUTES = () => [
    "/v1/hash",
    "/v1/verify",
    "/v1/verify/quote",
    "/v1/articles",
    "/v1/articles/bulk",
    `/v1/articles/${fixture.cid}/retraction`,
    "/v1/publishers",
    `/v1/publishers/${ctx.publisher.address}/rotation`,
    `/v1/publishers/${ctx.publisher.address}/revocation`,
  ];

  it(`refuses bodies that are not JSON, or not declared, encoded or charset'd as JSON (${RUNS.rawBodies} requests)`, async function () {
    const contentTypes = fc.constantFrom(
      "application/json",
      "application/json; charset=utf-8",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/json-seq",
      "application/jsonp",
      "application/json; charset=latin1",
      "application/json; charset=utf-7",
      "application/json; charset=utf-16le",
      "application/json; charset=UTF-32",
      "application/json, text/html",
      "json",
      "",
      "APPLICATION/JSON",
    );
    const extraHeaders = fc.oneof(
      fc.constant({}),
      fc.constantFrom({ "content-encoding": "gzip" }, { "content-encoding": "deflate" }, { "content-encoding": "br" }, { "content-encoding": "x-unknown" }),
    );
    // Valid JSON text with bytes spliced in that are not UTF-8 (a lone continuation byte, a truncated
    // sequence, an overlong form, a CESU-8 surrogate, 0xFE/0xFF): decoding would have made U+FFFD.
    const notUtf8 = fc
      .tuple(fc.constantFrom(...[[0x80], [0xbf], [0xc3], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xfe], [0xff]]), fc.nat())
      .map(([bad, at]) => {
        const text = Buffer.from(JSON.stringify({ article: sampleArticle(1) }));
        const cut = at % text.length;
        return Buffer.concat([text.subarray(0, cut), Buffer.from(bad), text.subarray(cut)]);
      });
    const body = fc.oneof(badJson, notUtf8, mutated(fc.constant({ article: sampleArticle(1) })).map((value) => JSON.stringify(value) ?? ""));
    await fuzz(
      fc.tuple(fc.constantFrom(...POST_ROUTES()), body, contentTypes, extraHeaders, fc.boolean()).map(
        ([route, text, type, extra, declared]): Attack => post(route, text, { ...(declared && type !== "" ? { "content-type": type } : {}), ...extra }),
      ),
      check,
      RUNS.rawBodies,
    );
  });

  it(`refuses spoiled articles at every level on /v1/hash and /v1/verify (${RUNS.articleBodies} requests)`, async function () {
    const envelope = fc.nat({ max: 1_000 }).map((n) => ({ article: { ...sampleArticle(n), subtitle: "S", authors: ["A", "B"], url: "https://news.example/a" } }));
    await fuzz(
      fc.tuple(fc.constantFrom("/v1/hash", "/v1/verify"), mutated(envelope)).map(([route, value]) => post(route, JSON.stringify(value))),
      check,
      RUNS.articleBodies,
    );
  });

  it(`holds every article field to its limit, refuses it one over, and the body to MAX_BODY_BYTES (${RUNS.articleLimits} requests)`, async function () {
    const LIMITS = { title: 1_000, subtitle: 2_000, body: 2_000_000, publishedAt: 64, language: 35, url: 2_048 };
    // "x" and "é" are one UTF-16 code unit and one code point; "😀" is two units but one code point,
    // so it is only sent well over a limit, where both ways of counting agree.
    const VALID: Record<string, (length: number, unit: string) => string> = {
      publishedAt: (length) => "2026-11-29T09:00:00Z" + " ".repeat(length - 20),
      language: (length) => "en" + " ".repeat(length - 2),
      url: (length, unit) => "https://news.example/" + unit.repeat(length - 21),
    };
    const sized = fc
      .tuple(
        fc.constantFrom(...(Object.keys(LIMITS) as (keyof typeof LIMITS)[])),
        fc.oneof(fc.tuple(fc.constantFrom(0, 1, 1_000), fc.constantFrom("x", "é")), fc.constant([1, "😀"] as const)),
      )
      .map(([field, [over, unit]]) => {
        const length = LIMITS[field] + over;
        return { field, over, value: VALID[field]?.(length, unit) ?? unit.repeat(length) };
      });
    await fuzz(
      sized.map(({ field, over, value }) => ({ field, over, attack: post("/v1/hash", JSON.stringify({ article: { ...sampleArticle(2), [field]: value } })) })),
      async ({ field, over, attack: request }) => {
        const answer = await probe(request);
        if (answer.status === 413) {
          expect(Buffer.byteLength(request.body!)).to.be.above(4 * 1024 * 1024);
        } else if (over === 0) {
          expect(answer.status, `${field} at its limit: ${answer.text.slice(0, 300)}`).to.equal(200);
        } else {
          expect(answer.status).to.equal(400);
          expect(JSON.stringify(JSON.parse(answer.text).error.details.issues)).to.contain(`"path":["article","${field}"]`);
        }
      },
      RUNS.articleLimits / 2,
    );
    // 100 authors of 300 characters pass; one more author, or one more character, does not.
    const authors = fc.constantFrom(Array(100).fill("é".repeat(300)), Array(101).fill("A"), ["é".repeat(301)], Array(100_000).fill(1));
    await fuzz(
      fc.oneof(authors.map((list) => ({ ...sampleArticle(3), authors: list })), fc.constant({ ...sampleArticle(4), body: "é".repeat(2_100_000) })).map((article) =>
        post("/v1/hash", JSON.stringify({ article })),
      ),
      check,
      RUNS.articleLimits / 2,
    );
  });

  it(`refuses hostile quotes (${RUNS.quotes} requests)`, async function () {
    // Words with NUL and other controls among them: a NUL reached the FTS5 query and answered 500.
    const quote = fc.oneof(
      hostileString(),
      { weight: 3, arbitrary: withControls() },
      fc.constant("mot ".repeat(20_000)),
      fc.constant("\u00ad".repeat(100_000) + "a b c"),
    );
    await fuzz(
      fc.oneof(quote.map((text) => ({ text })), mutated(quote.map((text) => ({ text })))).map((value) => post("/v1/verify/quote", JSON.stringify(value))),
      check,
      RUNS.quotes,
    );
  });

  // --- Writes: publications, retractions, publishers -----------------------------------------

  it(`refuses publications with wrong signatures, for the wrong chain or registry, or spoiled (${RUNS.publications} requests)`, async function () {
    const signature = fc.oneof(fc.constantFrom(...signatures.publication), hostileString());
    const request = fc.record(
      {
        article: fc.oneof(fc.nat({ max: 50 }).map(sampleArticle), fc.constant(frenchArticle())),
        signature,
        previous: fc.oneof(fc.constant(fixture.cid), fc.constant(fixture.contentHash), randomHash, hostileString()),
        publisher: fc.oneof(fc.constant(ctx.publisher.address), fc.constant(ctx.other.address), randomAddress, hostileString()),
      },
      { requiredKeys: ["article", "signature"] },
    );
    const query = fc.constantFrom("", "?wait=false", "?wait=maybe", "?wait=true&wait=false", "?__proto__=1");
    await fuzz(
      fc.tuple(fc.oneof(request, mutated(request)), query).map(([value, q]) => post(`/v1/articles${q}`, JSON.stringify(value))),
      check,
      RUNS.publications,
    );
  });

  it(`refuses every item of bulk publications, and spoiled envelopes (${RUNS.bulkPublications} requests)`, async function () {
    const signature = fc.oneof(fc.constantFrom(...signatures.publication), hostileString());
    const request = fc.record({ article: fc.nat({ max: 50 }).map(sampleArticle), signature }, { requiredKeys: ["article", "signature"] });
    const items = fc.array(fc.oneof(request, mutated(request), hostileValue()), { minLength: 1, maxLength: 20 });
    const envelope = fc.oneof(items.map((list) => ({ items: list })), mutated(items.map((list) => ({ items: list }))));
    const query = fc.constantFrom("", "?wait=false", "?wait=maybe");
    // An envelope refused as a whole is checked like any answer; one answered 200 must refuse
    // each of its items with a documented error, since no item could be a valid publication.
    const checkBulk = async (attack: Attack) => {
      const answer = await probe({ ...attack, write: false });
      if (answer.status !== 200) return;
      const { results, summary } = JSON.parse(answer.text) as { results: { status: number; error?: { code: string } }[]; summary: { accepted: number } };
      expect(summary.accepted, answer.text.slice(0, 300)).to.equal(0);
      for (const { status, error } of results) {
        expect(DOCUMENTED.get(String(error?.code)), `undocumented item error ${String(error?.code)}`).to.equal(status);
        tally(`bulk item ${status} ${String(error?.code)}`);
      }
    };
    await fuzz(
      fc.tuple(envelope, query).map(([value, q]) => post(`/v1/articles/bulk${q}`, JSON.stringify(value) ?? "")),
      checkBulk,
      RUNS.bulkPublications,
    );
  });

  it(`refuses retractions with wrong signatures or spoiled bodies (${RUNS.retractions} requests)`, async function () {
    const target = fc.oneof(fc.constant(fixture.cid), fc.constant(fixture.contentHash), randomHash, hostileString().map(pathSegment));
    const body = fc.record({ reason: fc.oneof(fc.constant("Wrong figures"), hostileString()), signature: fc.oneof(fc.constantFrom(...signatures.retraction), hostileString()) });
    await fuzz(
      fc.tuple(target, fc.oneof(body, mutated(body))).map(([cid, value]) => post(`/v1/articles/${cid}/retraction`, JSON.stringify(value))),
      check,
      RUNS.retractions,
    );
  });

  // A schema-valid registration with the admin token would register: each body ends with a defect.
  const defect = (fields: string[], conflicting: () => unknown) =>
    fc.oneof(
      fc.record({ op: fc.constant("replace" as const), field: fc.constantFrom(...fields), value: fc.oneof(fc.constantFrom(...LONE_SURROGATES, ...HUGE, ...CONTROLS, "", " "), withControls().map((text) => `${text}\u0000`), fc.integer(), fc.constant(null)) }),
      fc.record({ op: fc.constant("delete" as const), field: fc.constantFrom(...fields) }),
      fc.record({ op: fc.constant("proto" as const), field: fc.constantFrom(...PROTO_KEYS) }),
      fc.record({ op: fc.constant("conflict" as const), field: fc.constant(fields[0]!) }),
    ).map((d) => (value: Record<string, unknown>) => {
      const body = structuredClone(value);
      if (d.op === "replace") setOwn(body, d.field, d.value);
      if (d.op === "delete") delete body[d.field];
      if (d.op === "proto") setOwn(body, d.field, { [fields[0]!]: conflicting() });
      if (d.op === "conflict") setOwn(body, d.field, conflicting());
      return body;
    });

  const authorization = fc.oneof(
    { weight: 3, arbitrary: fc.constant(`Bearer ${TEST_ADMIN_TOKEN}`) },
    // Not `Bearer <token> `: HTTP strips the trailing space, and that is the right token.
    fc.constantFrom("", "Bearer", "Bearer ", `bearer ${TEST_ADMIN_TOKEN}`, `Bearer  ${TEST_ADMIN_TOKEN}`, `Bearer ${TEST_ADMIN_TOKEN}x`, `Basic ${TEST_ADMIN_TOKEN}`, `Bearer ${TEST_ADMIN_TOKEN.slice(0, -1)}`),
    headerText,
  );
  /** Whether a header would pass as the admin token, now or if the scheme were read case-insensitively (RFC 9110). */
  const isAdminToken = (auth: string) => /^bearer +(.*)$/i.exec(auth.trim())?.[1] === TEST_ADMIN_TOKEN;
  const withAuth = (auth: string | undefined): Record<string, string> => ({ "content-type": "application/json", ...(auth === undefined ? {} : { authorization: auth }) });

  it(`registers no publisher from spoiled bodies or without the admin token (${RUNS.registrations} requests)`, async function () {
    const body = fc.record({ address: randomAddress, name: fc.constant("Le Quotidien"), domain: fc.constant("quotidien.example") });
    const spoiled = fc
      .tuple(mutated(body), defect(["address", "name", "domain"], () => ctx.publisher.address))
      .map(([value, spoil]) => (value !== null && typeof value === "object" && !Array.isArray(value) ? spoil(value as Record<string, unknown>) : value));
    await fuzz(
      fc.oneof(
        fc.tuple(spoiled, authorization).map(([value, auth]) => post("/v1/publishers", JSON.stringify(value), withAuth(auth))),
        fc.tuple(body, authorization.filter((auth) => !isAdminToken(auth))).map(([value, auth]) =>
          post("/v1/publishers", JSON.stringify(value), withAuth(auth)),
        ),
      ),
      check,
      RUNS.registrations,
    );
  });

  it(`revokes no publisher without the admin token, nor an unknown or malformed one (${RUNS.revocations} requests)`, async function () {
    const address = fc.oneof(randomAddress, hostileString().map(pathSegment));
    await fuzz(
      fc.oneof(
        fc.tuple(address, authorization).map(([a, auth]) => post(`/v1/publishers/${a}/revocation`, "", withAuth(auth))),
        fc.tuple(fc.constant(ctx.publisher.address), authorization.filter((auth) => !isAdminToken(auth)), hostileValue()).map(([a, auth, value]) =>
          post(`/v1/publishers/${a}/revocation`, JSON.stringify(value) ?? "", withAuth(auth)),
        ),
      ),
      check,
      RUNS.revocations,
    );
  });

  it(`rotates no key with a wrong, replayed or foreign signature, a spoiled body or a wrong token (${RUNS.rotations} requests)`, async function () {
    const signed = fc.record({ newKey: randomAddress, signature: fc.oneof(fc.constantFrom(...signatures.rotation), hostileString()) }, { requiredKeys: ["newKey"] });
    const spoiled = fc
      .tuple(mutated(fc.record({ newKey: randomAddress })), defect(["newKey"], () => ctx.publisher.address))
      .map(([value, spoil]) => (value !== null && typeof value === "object" && !Array.isArray(value) ? spoil(value as Record<string, unknown>) : value));
    const route = (address: string) => `/v1/publishers/${address}/rotation`;
    await fuzz(
      fc.oneof(
        // No token: only the current key's signature could authorize it, and none here is right.
        fc.oneof(signed, mutated(signed)).map((value) => post(route(ctx.publisher.address), JSON.stringify(value), withAuth(undefined))),
        // A token, right or wrong, with a body that cannot pass.
        fc.tuple(spoiled, authorization).map(([value, auth]) => post(route(ctx.publisher.address), JSON.stringify(value), withAuth(auth))),
        // The right token on an unknown or malformed publisher.
        fc.tuple(fc.oneof(randomAddress, hostileString().map(pathSegment)), signed).map(([a, value]) =>
          post(route(a), JSON.stringify(value), withAuth(`Bearer ${TEST_ADMIN_TOKEN}`)),
        ),
      ),
      check,
      RUNS.rotations,
    );
  });

  // --- Parameters and headers -----------------------------------------------------------------

  it(`answers or refuses every identifier and address in a path or query (${RUNS.identifiers} requests)`, async function () {
    const segment = fc.oneof(
      fc.constant(fixture.cid),
      fc.constant(fixture.contentHash),
      randomHash,
      fc.constantFrom(...badCids, ...BAD_HEX).map(pathSegment),
      hostileString().map(pathSegment),
      fc.constantFrom("%", "%zz", "%E0%A4%A", "%ff", "%c0%af", "%ed%a0%80", "..", ".", "%2e%2e%2f", "a%00b", "x".repeat(5_000)),
    );
    const read = (p: string): Attack => ({ method: "GET", path: p, write: false });
    const limit = fc.oneof(fc.constantFrom("", "0", "1", "100", "101", "-1", "1.5", "1e3", "0x10", "NaN", "Infinity", "1e400"), headerText.map(pathSegment));
    await fuzz(
      fc.oneof(
        segment.map((id) => read(`/v1/verify/${id}`)),
        segment.map((id) => read(`/v1/articles/${id}`)),
        segment.map((id) => read(`/v1/articles/${id}/history`)),
        segment.map((id) => read(`/v1/receipts/${id}`)),
        segment.map((id) => read(`/v1/publishers/${id}`)),
        fc.tuple(fc.oneof(segment, fc.constant(ctx.publisher.address)), limit).map(([a, l]) => read(`/v1/publishers/${a}/articles?limit=${l}&limit[x]=1`)),
        segment.map((id) => read(`/v1/${id}`)),
      ),
      check,
      RUNS.identifiers,
    );
  });

  it(`survives junk headers and methods on every route (${RUNS.headers} requests)`, async function () {
    const reads = ["/", "/livez", "/healthz", "/metrics", "/openapi.json", "/docs", "/docs/", "/v1/domain", "/v1/publishers"];
    const routes = fc.constantFrom(...reads, `/v1/verify/${fixture.cid}`, `/v1/receipts/${fixture.cid}`, ...POST_ROUTES());
    const headers = fc.dictionary(
      fc.constantFrom("authorization", "x-request-id", "accept", "accept-encoding", "content-type", "x-forwarded-for", "forwarded", "origin", "cookie", "range", "if-none-match", "expect-ct"),
      headerText,
      { maxKeys: 4 },
    );
    await fuzz(
      fc.tuple(fc.constantFrom("GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "POST"), routes, headers, fc.option(hostileValue())).map(
        ([method, route, extra, body]): Attack => ({
          method,
          path: route,
          headers: extra,
          ...(body === null || method === "GET" || method === "HEAD" ? {} : { body: JSON.stringify(body) ?? "" }),
          write: method !== "GET" && method !== "HEAD" && method !== "OPTIONS" && !READ_POSTS.includes(route),
        }),
      ),
      check,
      RUNS.headers,
    );
  });

  it("sent at least 10,000 requests and left the service up", async function () {
    expect(sent).to.be.at.least(10_000);
    const health = await send({ method: "GET", path: "/healthz", write: false });
    expect(health.status).to.equal(200);
    expect(await snapshot()).to.equal(baseline);
  });
});
