import { expect } from "chai";
import { fetchStatement } from "../../../server/domains/statementFetch";
import { hang, serve, startStatementServer, type StatementServer } from "../../helpers/statementServer";

const PATH = "/.well-known/newsprov.json";
const LIMITS = { timeoutMs: 2_000, maxBytes: 1_000, maxRedirects: 3 };

describe("fetchStatement: the service's bounded fetch of a domain statement", function () {
  let server: StatementServer;

  before(async function () {
    server = await startStatementServer();
  });
  after(async function () {
    await server.close();
  });
  beforeEach(function () {
    server.requests.length = 0;
  });

  const redirectTo = (location: (n: number) => string) => {
    let n = 0;
    return (req: { url?: string }, res: import("node:http").ServerResponse) => {
      if (req.url === "/final") return void res.writeHead(200).end("{}");
      res.writeHead(302, { location: location(++n) }).end();
    };
  };

  describe("from an origin WELL_KNOWN_ORIGINS maps", function () {
    it("reads the file over http on loopback", async function () {
      server.answer(serve('{"format":"x"}'));
      expect(await fetchStatement(server.origin + PATH, "mapped", LIMITS)).to.deep.equal({ ok: true, text: '{"format":"x"}' });
    });

    it("follows up to 3 redirects on the same origin, and no more", async function () {
      server.answer(redirectTo((n) => (n < 3 ? `/step-${n}` : "/final")));
      expect(await fetchStatement(server.origin + PATH, "mapped", LIMITS)).to.deep.equal({ ok: true, text: "{}" });
      server.answer(redirectTo((n) => (n < 4 ? `/step-${n}` : "/final")));
      expect(await fetchStatement(server.origin + PATH, "mapped", LIMITS)).to.deep.equal({ ok: false, reason: "more than 3 redirects" });
    });

    it("refuses a redirect to another origin, without following it", async function () {
      const other = await startStatementServer();
      try {
        server.answer(redirectTo(() => `${other.origin}/final`));
        const outcome = await fetchStatement(server.origin + PATH, "mapped", LIMITS);
        expect(outcome).to.deep.equal({ ok: false, reason: `a redirect to ${other.origin}, another origin than ${server.origin}` });
        expect(other.requests).to.deep.equal([]);
      } finally {
        await other.close();
      }
    });

    it("refuses a file larger than the cap, whether its length is declared or not", async function () {
      const big = "x".repeat(LIMITS.maxBytes + 1);
      server.answer(serve(big));
      expect(await fetchStatement(server.origin + PATH, "mapped", LIMITS)).to.deep.include({ ok: false });
      server.answer((_req, res) => {
        res.writeHead(200); // chunked: no Content-Length to go by
        res.write(big.slice(0, 600));
        res.end(big.slice(600));
      });
      const outcome = await fetchStatement(server.origin + PATH, "mapped", LIMITS);
      expect(outcome).to.deep.equal({ ok: false, reason: `${server.origin}${PATH} is larger than ${LIMITS.maxBytes} bytes` });
    });

    it("gives up on a server that does not answer in time", async function () {
      server.answer(hang);
      expect(await fetchStatement(server.origin + PATH, "mapped", { ...LIMITS, timeoutMs: 200 })).to.deep.equal({ ok: false, reason: "no answer within 200 ms" });
    });

    it("reports an error status and a body that is not UTF-8", async function () {
      server.answer((_req, res) => void res.writeHead(404).end());
      expect(await fetchStatement(server.origin + PATH, "mapped", LIMITS)).to.deep.equal({ ok: false, reason: `${server.origin}${PATH} answered HTTP 404` });
      server.answer((_req, res) => void res.writeHead(200).end(Buffer.from([0xff, 0xfe, 0x41])));
      expect(await fetchStatement(server.origin + PATH, "mapped", LIMITS)).to.deep.equal({ ok: false, reason: `${server.origin}${PATH} is not UTF-8 text` });
    });

    it("stops when the caller aborts", async function () {
      server.answer(hang);
      const stop = new AbortController();
      const outcome = fetchStatement(server.origin + PATH, "mapped", LIMITS, stop.signal);
      stop.abort();
      expect(await outcome).to.deep.equal({ ok: false, reason: "the service is stopping" });
    });
  });

  describe("from a domain's own address", function () {
    it("fetches nothing but https", async function () {
      server.answer(serve("{}"));
      const outcome = await fetchStatement(server.origin + PATH, "public", LIMITS);
      expect(outcome).to.deep.include({ ok: false });
      expect((outcome as { reason: string }).reason).to.contain("only https");
      expect(server.requests).to.deep.equal([]);
    });

    it("connects to no loopback address, whether a name resolves to it or it is given as is", async function () {
      const port = new URL(server.origin).port;
      for (const host of ["localhost", "127.0.0.1", "[::1]"]) {
        const outcome = await fetchStatement(`https://${host}:${port}${PATH}`, "public", LIMITS);
        expect(outcome, host).to.deep.include({ ok: false });
        expect((outcome as { reason: string }).reason, host).to.match(/private IP address/);
      }
      expect(server.requests).to.deep.equal([]);
    });
  });
});
