import { expect } from "chai";
import { hexlify, sha256 as sha256Hex, toUtf8Bytes } from "ethers";
import fc from "fast-check";
import {
  JSON_CODEC,
  cidOfContentHash,
  contentHashOfCid,
  identifyArticle,
  type ContentHash,
  type Hex,
} from "../../protocol";
import { normalizedArticle } from "./arbitraries";

const contentHash = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => hexlify(bytes) as ContentHash);

// multiformats is an ES module; load it the way protocol/contentId.ts does.
const multiformats = (async () => {
  const [{ CID }, { sha256, sha512 }, { identity }] = await Promise.all([
    import("multiformats/cid"),
    import("multiformats/hashes/sha2"),
    import("multiformats/hashes/identity"),
  ]);
  return { CID, sha256, sha512, identity };
})();

describe("protocol: content id", function () {
  describe("identifyArticle", function () {
    const article = { title: "T", body: "B", publishedAt: "2024-06-12T07:00:00Z" };

    it("hashes the UTF-8 bytes of the JCS text, keys in code unit order", async function () {
      const id = await identifyArticle(article);
      expect(id.canonical).to.equal('{"body":"B","publishedAt":"2024-06-12T07:00:00Z","title":"T"}');
      expect(id.contentHash).to.equal(sha256Hex(toUtf8Bytes(id.canonical)));
    });

    it("names the same bytes by CID and by content hash", async function () {
      await fc.assert(
        fc.asyncProperty(normalizedArticle, async (normalized) => {
          const id = await identifyArticle(normalized);
          expect(id.cid).to.match(/^bagaaiera[a-z2-7]{52}$/);
          expect(await cidOfContentHash(id.contentHash)).to.equal(id.cid);
          expect(await contentHashOfCid(id.cid)).to.equal(id.contentHash);
        }),
        { numRuns: 50 },
      );
    });
  });

  describe("cidOfContentHash and contentHashOfCid", function () {
    it("round-trip every 32-byte hash", async function () {
      await fc.assert(
        fc.asyncProperty(contentHash, async (hash) => {
          const cid = await cidOfContentHash(hash);
          expect(cid).to.have.length(61).and.match(/^bagaaiera/);
          expect(await contentHashOfCid(cid)).to.equal(hash);
        }),
      );
    });

    it("refuses a content hash that does not have 32 bytes", async function () {
      for (const hash of ["0x", "0x1234", `0x${"00".repeat(33)}`, "1234", "0xzz"]) {
        await expect(cidOfContentHash(hash as Hex), hash).to.be.rejectedWith(TypeError);
      }
    });
  });

  describe("contentHashOfCid", function () {
    describe("when the CID does not name an article", function () {
      it("returns undefined for another codec", async function () {
        const { CID, sha256 } = await multiformats;
        const digest = await sha256.digest(toUtf8Bytes("{}"));
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 0, max: 0x7fff }).filter((code) => code !== JSON_CODEC), async (code) => {
            expect(await contentHashOfCid(CID.createV1(code, digest).toString())).to.equal(undefined);
          }),
          { numRuns: 50 },
        );
      });

      it("returns undefined for a CIDv0", async function () {
        const { CID, sha256 } = await multiformats;
        const cid = CID.createV0(await sha256.digest(toUtf8Bytes("{}"))).toString();
        expect(cid).to.match(/^Qm/);
        expect(await contentHashOfCid(cid)).to.equal(undefined);
      });

      it("returns undefined for another hash function", async function () {
        const { CID, sha512, identity } = await multiformats;
        const bytes = toUtf8Bytes("{}");
        for (const digest of [await sha512.digest(bytes), identity.digest(bytes)]) {
          expect(await contentHashOfCid(CID.createV1(JSON_CODEC, digest).toString())).to.equal(undefined);
        }
      });

      it("returns undefined for a truncated, extended or padded article CID", async function () {
        const cid = await cidOfContentHash(`0x${"ab".repeat(32)}`);
        for (const broken of [cid.slice(0, -1), `${cid}a`, cid.slice(0, 9), ` ${cid}`]) {
          expect(await contentHashOfCid(broken), broken).to.equal(undefined);
        }
      });

      it("returns undefined for garbage", async function () {
        await fc.assert(
          fc.asyncProperty(fc.string({ unit: "binary" }), async (garbage) => {
            expect(await contentHashOfCid(garbage)).to.equal(undefined);
          }),
        );
        for (const garbage of ["", "b", "bagaaiera", "0x1234", "not a cid"]) {
          expect(await contentHashOfCid(garbage), garbage).to.equal(undefined);
        }
      });
    });
  });
});
