import { expect } from "chai";
import { Signature, TypedDataEncoder, Wallet, concat, hexlify, id, toBeHex, type Signer } from "ethers";
import fc from "fast-check";
import {
  NO_PREVIOUS,
  PUBLICATION_TYPES,
  protocolDomain,
  recoverPublicationSigner,
  type Hex,
  type Publication,
  type SignatureHex,
} from "../../../server/protocol";

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Hex;
const OTHER_REGISTRY = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as Hex;
const DOMAIN = protocolDomain(31337n, REGISTRY);
const PUBLICATION: Publication = { contentHash: id("article v1") as Hex, previous: NO_PREVIOUS };
/** secp256k1 group order. */
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

async function sign(signer: Signer, domain = DOMAIN, publication = PUBLICATION): Promise<SignatureHex> {
  return (await signer.signTypedData(domain, PUBLICATION_TYPES, publication)) as SignatureHex;
}

describe("protocol: EIP-712 publication", function () {
  const publisher = Wallet.createRandom();

  it("has the type string Publication(bytes32 contentHash,bytes32 previous)", function () {
    expect(TypedDataEncoder.from(PUBLICATION_TYPES).encodeType("Publication")).to.equal(
      "Publication(bytes32 contentHash,bytes32 previous)",
    );
  });

  describe("recoverPublicationSigner", function () {
    describe("when the publisher signed this publication", function () {
      it("returns the publisher's address", async function () {
        expect(recoverPublicationSigner(DOMAIN, PUBLICATION, await sign(publisher))).to.equal(publisher.address);
      });

      it("returns the publisher's address for a correction", async function () {
        const correction = { contentHash: id("article v2") as Hex, previous: PUBLICATION.contentHash };
        const signature = await sign(publisher, DOMAIN, correction);
        expect(recoverPublicationSigner(DOMAIN, correction, signature)).to.equal(publisher.address);
      });
    });

    describe("when the signature was made for something else", function () {
      it("returns another address for another chain id", async function () {
        const signature = await sign(publisher, protocolDomain(1n, REGISTRY));
        const recovered = recoverPublicationSigner(DOMAIN, PUBLICATION, signature);
        expect(recovered).to.be.a("string").and.not.equal(publisher.address);
      });

      it("returns another address for another registry", async function () {
        const signature = await sign(publisher, protocolDomain(31337n, OTHER_REGISTRY));
        const recovered = recoverPublicationSigner(DOMAIN, PUBLICATION, signature);
        expect(recovered).to.be.a("string").and.not.equal(publisher.address);
      });

      it("returns another address for another content hash or previous version", async function () {
        const signature = await sign(publisher);
        for (const publication of [
          { ...PUBLICATION, contentHash: id("article v1 edited") as Hex },
          { ...PUBLICATION, previous: id("article v0") as Hex },
        ]) {
          expect(recoverPublicationSigner(DOMAIN, publication, signature)).to.not.equal(publisher.address);
        }
      });
    });

    describe("when the signature is garbage", function () {
      it("returns undefined for strings that are not 65 bytes of hex", function () {
        for (const garbage of ["", "0x", "0x1234", "signature", `0x${"zz".repeat(65)}`, `0x${"11".repeat(66)}`]) {
          expect(recoverPublicationSigner(DOMAIN, PUBLICATION, garbage as SignatureHex), garbage).to.equal(undefined);
        }
      });

      it("returns undefined for random bytes of any other length", function () {
        fc.assert(
          fc.property(fc.uint8Array({ maxLength: 200 }).filter((bytes) => bytes.length !== 65), (bytes) => {
            expect(recoverPublicationSigner(DOMAIN, PUBLICATION, hexlify(bytes) as SignatureHex)).to.equal(undefined);
          }),
        );
      });

      it("returns undefined for 65 zero bytes", function () {
        expect(recoverPublicationSigner(DOMAIN, PUBLICATION, `0x${"00".repeat(65)}`)).to.equal(undefined);
      });
    });

    // The registry checks EOA signatures with OpenZeppelin ECDSA.tryRecover; these forms recover
    // off chain with ethers alone but revert on chain, so they must not pass here either.
    describe("when the signature has a form the registry refuses", function () {
      let signature: Signature;
      before(async function () {
        signature = Signature.from(await sign(publisher));
      });

      it("returns undefined for the 64-byte EIP-2098 form", function () {
        expect(recoverPublicationSigner(DOMAIN, PUBLICATION, signature.compactSerialized as Hex)).to.equal(undefined);
      });

      it("returns undefined for v = 0 or 1 and for an EIP-155 v", function () {
        for (const v of [signature.v - 27, signature.v + 10]) {
          const raw = concat([signature.r, signature.s, toBeHex(v, 1)]) as Hex;
          expect(recoverPublicationSigner(DOMAIN, PUBLICATION, raw), `v = ${v}`).to.equal(undefined);
        }
      });

      it("returns undefined for the high-s twin of a valid signature", function () {
        const twin = concat([signature.r, toBeHex(N - BigInt(signature.s), 32), toBeHex(55 - signature.v, 1)]) as Hex;
        expect(recoverPublicationSigner(DOMAIN, PUBLICATION, twin)).to.equal(undefined);
      });

      it("returns undefined for any s above secp256k1n / 2, which ethers alone accepts", function () {
        const withS = (s: bigint) => concat([signature.r, toBeHex(s, 32), "0x1b"]) as Hex;
        expect(recoverPublicationSigner(DOMAIN, PUBLICATION, withS(N / 2n))).to.be.a("string");
        expect(recoverPublicationSigner(DOMAIN, PUBLICATION, withS(N / 2n + 1n))).to.equal(undefined);
      });
    });
  });
});
