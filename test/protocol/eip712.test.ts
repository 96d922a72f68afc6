import { expect } from "chai";
import { Signature, TypedDataEncoder, Wallet, concat, hexlify, id, toBeHex, type Signer } from "ethers";
import fc from "fast-check";
import {
  KEY_ROTATION_TYPES,
  NO_PREVIOUS,
  PUBLICATION_TYPES,
  RETRACTION_TYPES,
  protocolDomain,
  recoverPublicationSigner,
  recoverTypedDataSigner,
  type Hex,
  type KeyRotationMessage,
  type Publication,
  type RetractionMessage,
  type SignatureHex,
} from "../../protocol";

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
        // The same bounds, with the hex in upper case.
        const upper = (hex: Hex) => `0x${hex.slice(2).toUpperCase()}` as Hex;
        expect(recoverPublicationSigner(DOMAIN, PUBLICATION, upper(withS(N / 2n)))).to.be.a("string");
        expect(recoverPublicationSigner(DOMAIN, PUBLICATION, upper(withS(N / 2n + 1n)))).to.equal(undefined);
      });
    });
  });
});

describe("protocol: EIP-712 retraction and key rotation", function () {
  const publisher = Wallet.createRandom();
  const RETRACTION: RetractionMessage = { contentHash: PUBLICATION.contentHash, reason: "Le montant n’a pas pu être confirmé." };
  const ROTATION: KeyRotationMessage = { publisherId: 1, newKey: Wallet.createRandom().address as Hex, nonce: 0n };

  const signTyped = async (types: typeof RETRACTION_TYPES, message: object, domain = DOMAIN) =>
    (await publisher.signTypedData(domain, types, message as Record<string, unknown>)) as SignatureHex;

  describe("recoverTypedDataSigner", function () {
    describe("for a Retraction", function () {
      it("returns the publisher's address when the publisher signed it", async function () {
        const signature = await signTyped(RETRACTION_TYPES, RETRACTION);
        expect(recoverTypedDataSigner(DOMAIN, RETRACTION_TYPES, RETRACTION, signature)).to.equal(publisher.address);
      });

      it("returns another address for another version, or another reason, even one Unicode normalization away", async function () {
        const signature = await signTyped(RETRACTION_TYPES, RETRACTION);
        for (const retraction of [
          { ...RETRACTION, contentHash: id("article v2") as Hex },
          { ...RETRACTION, reason: `${RETRACTION.reason} ` },
          { ...RETRACTION, reason: RETRACTION.reason.normalize("NFD") },
          { ...RETRACTION, reason: "" },
        ]) {
          const recovered = recoverTypedDataSigner(DOMAIN, RETRACTION_TYPES, retraction, signature);
          expect(recovered, retraction.reason).to.be.a("string").and.not.equal(publisher.address);
        }
      });

      it("returns another address for a signature made for another registry", async function () {
        const signature = await signTyped(RETRACTION_TYPES, RETRACTION, protocolDomain(31337n, OTHER_REGISTRY));
        expect(recoverTypedDataSigner(DOMAIN, RETRACTION_TYPES, RETRACTION, signature)).to.not.equal(publisher.address);
      });

      it("returns another address for the publication signature of the same version", async function () {
        const signature = await sign(publisher);
        expect(recoverTypedDataSigner(DOMAIN, RETRACTION_TYPES, RETRACTION, signature)).to.not.equal(publisher.address);
      });
    });

    describe("for a KeyRotation", function () {
      it("returns the current key's address when it signed the rotation", async function () {
        const signature = await signTyped(KEY_ROTATION_TYPES, ROTATION);
        expect(recoverTypedDataSigner(DOMAIN, KEY_ROTATION_TYPES, ROTATION, signature)).to.equal(publisher.address);
      });

      it("returns another address for another identity, another new key or another nonce", async function () {
        const signature = await signTyped(KEY_ROTATION_TYPES, ROTATION);
        for (const rotation of [
          { ...ROTATION, publisherId: 2 },
          { ...ROTATION, newKey: Wallet.createRandom().address as Hex },
          { ...ROTATION, nonce: 1n },
        ]) {
          const recovered = recoverTypedDataSigner(DOMAIN, KEY_ROTATION_TYPES, rotation, signature);
          expect(recovered).to.be.a("string").and.not.equal(publisher.address);
        }
      });

      it("returns undefined for the 64-byte EIP-2098 form of a valid signature, as for a publication", async function () {
        const compact = Signature.from(await signTyped(KEY_ROTATION_TYPES, ROTATION)).compactSerialized as Hex;
        expect(recoverTypedDataSigner(DOMAIN, KEY_ROTATION_TYPES, ROTATION, compact)).to.equal(undefined);
      });

      it("returns undefined for a message that does not fit the type", async function () {
        const signature = await signTyped(KEY_ROTATION_TYPES, ROTATION);
        for (const rotation of [{ ...ROTATION, publisherId: 2 ** 32 }, { ...ROTATION, newKey: "0x1234" }, { publisherId: 1 }]) {
          expect(recoverTypedDataSigner(DOMAIN, KEY_ROTATION_TYPES, rotation, signature), JSON.stringify(rotation, (_, v) => String(v)))
            .to.equal(undefined);
        }
      });
    });
  });
});
