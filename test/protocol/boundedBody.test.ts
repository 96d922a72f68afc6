import { expect } from "chai";
import http from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { boundedText } from "../../protocol";

describe("boundedText", function () {
  let server: http.Server;
  let base: string;
  before(async function () {
    // Chunked answers, with no Content-Length to trust: the reader alone bounds them.
    server = http.createServer((req, res) => {
      const size = Number(new URL(req.url!, "http://x").searchParams.get("bytes"));
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url!.startsWith("/invalid")) return res.end(Buffer.from([0x22, 0xff, 0x22]));
      for (let sent = 0; sent < size; sent += 1024) res.write("é".repeat(Math.min(1024, size - sent) / 2));
      res.end();
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(function () {
    server.close();
  });

  it("reads a body of exactly the limit, and stops past it", async function () {
    expect(await boundedText(await fetch(`${base}/?bytes=4096`), 4096)).to.equal("é".repeat(2048));
    expect(await boundedText(await fetch(`${base}/?bytes=8192`), 4096)).to.equal(undefined);
  });

  it("refuses bytes that are not UTF-8", async function () {
    let thrown: unknown;
    await boundedText(await fetch(`${base}/invalid`), 4096).catch((error) => (thrown = error));
    expect(thrown).to.be.instanceOf(TypeError);
  });
});
