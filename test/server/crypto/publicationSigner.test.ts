import { expect } from "chai";
import fc from "fast-check";
import { Wallet, TypedDataEncoder, hexlify, getAddress } from "ethers";
import { PublicationSigner } from "../../../server/crypto/publicationSigner";
import { PUBLICATION_TYPES, protocolDomain, recoverPublicationSigner, type Hex } from "../../../protocol";

const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => hexlify(b) as Hex);
const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(hexlify(b)) as Hex);

describe("PublicationSigner", function () {
  it("computes the same digest as ethers' TypedDataEncoder for any domain and publication", function () {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 64n }), address, bytes32, bytes32, (chainId, registry, contentHash, previous) => {
        const domain = protocolDomain(chainId, registry);
        const expected = TypedDataEncoder.hash(domain, PUBLICATION_TYPES, { contentHash, previous });
        expect(hexlify(new PublicationSigner(domain).digest({ contentHash, previous }))).to.equal(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("recovers exactly what ethers recovers, for valid and tampered signatures", async function () {
    const domain = protocolDomain(31337n, "0x5FbDB2315678afecb367f032d93F642f64180aa3");
    const signer = new PublicationSigner(domain);
    await fc.assert(
      fc.asyncProperty(bytes32, bytes32, fc.nat(64), fc.nat(255), async (contentHash, previous, flipAt, flipTo) => {
        const wallet = Wallet.createRandom();
        const signature = (await wallet.signTypedData(domain, PUBLICATION_TYPES, { contentHash, previous })) as Hex;
        expect(signer.recover({ contentHash, previous }, signature)).to.equal(wallet.address);
        const tampered = `0x${signature.slice(2, 2 + flipAt * 2)}${flipTo.toString(16).padStart(2, "0")}${signature.slice(4 + flipAt * 2)}` as Hex;
        expect(signer.recover({ contentHash, previous }, tampered)).to.equal(recoverPublicationSigner(domain, { contentHash, previous }, tampered));
      }),
      { numRuns: 100 },
    );
  });

  it("returns undefined for malformed signatures", function () {
    const signer = new PublicationSigner(protocolDomain(1n, "0x5FbDB2315678afecb367f032d93F642f64180aa3"));
    const publication = { contentHash: `0x${"11".repeat(32)}` as Hex, previous: `0x${"00".repeat(32)}` as Hex };
    for (const signature of ["0x", "0x1234", `0x${"00".repeat(65)}`, `0x${"ff".repeat(64)}1b`]) {
      expect(signer.recover(publication, signature as Hex)).to.equal(undefined);
    }
  });
});
