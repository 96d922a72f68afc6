import { expect } from "chai";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  AbiCoder,
  TypedDataEncoder,
  Wallet,
  concat,
  getCreateAddress,
  hexlify,
  keccak256,
  toUtf8Bytes,
  type Signer,
} from "ethers";
import { ethers } from "hardhat";
import {
  KEY_ROTATION_TYPES,
  NO_PREVIOUS,
  PUBLICATION_TYPES,
  RETRACTION_TYPES,
  identifyArticle,
  parseArticle,
  protocolDomain,
  recoverPublicationSigner,
  recoverTypedDataSigner,
  type ArticleId,
  type Hex,
  type KeyRotationMessage,
  type Publication,
  type RetractionMessage,
} from "../../protocol";
import { WORKED_EXAMPLE as EXAMPLE, frenchArticle, frenchCorrection } from "./workedExample";

const abi = AbiCoder.defaultAbiCoder();

async function identify(input: unknown): Promise<ArticleId> {
  const parsed = parseArticle(input);
  if (!parsed.success) expect.fail(`refused: ${JSON.stringify(parsed.issues)}`);
  return identifyArticle(parsed.article);
}

/** Every number and string of the example, flattened. */
function pinnedValues(value: unknown): string[] {
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(pinnedValues);
  return [String(value)];
}

// Recomputes the worked example of docs/protocol.md by the steps the document spells out, with
// plain hashing and ABI encoding, and checks the protocol module and the document agree with it.
describe("protocol: the worked example of docs/protocol.md", function () {
  const publication: Publication = { contentHash: EXAMPLE.article.contentHash, previous: NO_PREVIOUS };
  const correction: Publication = { contentHash: EXAMPLE.correction.contentHash, previous: EXAMPLE.article.contentHash };
  const domain = protocolDomain(EXAMPLE.chainId, EXAMPLE.registry);
  const publisher = new Wallet(EXAMPLE.publisher.privateKey);

  describe("article identity", function () {
    it("hashes canonical bytes of the pinned length with sha2-256", async function () {
      const { canonical, contentHash } = await identify(frenchArticle());
      const bytes = Buffer.from(canonical, "utf8");
      expect(bytes.length).to.equal(EXAMPLE.article.canonicalBytes);
      expect(`0x${createHash("sha256").update(bytes).digest("hex")}`).to.equal(EXAMPLE.article.contentHash);
      expect(contentHash).to.equal(EXAMPLE.article.contentHash);
    });

    it("writes the CID as 'b' and the base32 of 0x01 0x80 0x04 0x12 0x20 and the digest", async function () {
      const { base32 } = await import("multiformats/bases/base32");
      for (const version of [EXAMPLE.article, EXAMPLE.correction]) {
        expect(hexlify(base32.decode(version.cid))).to.equal(concat(["0x0180041220", version.contentHash]));
      }
      expect((await identify(frenchArticle())).cid).to.equal(EXAMPLE.article.cid);
      expect((await identify(frenchCorrection())).cid).to.equal(EXAMPLE.correction.cid);
    });
  });

  describe("publication signature", function () {
    it("uses Hardhat's account #1 and the first registry account #0 deploys", async function () {
      const [deployer, account1] = await ethers.getSigners();
      expect(publisher.address).to.equal(EXAMPLE.publisher.address).and.equal(account1?.address);
      expect(getCreateAddress({ from: deployer?.address ?? "", nonce: 0 })).to.equal(EXAMPLE.registry);
      expect(EXAMPLE.chainId).to.equal((await ethers.provider.getNetwork()).chainId);
    });

    it("has the pinned type hash and domain separator", function () {
      expect(keccak256(toUtf8Bytes("Publication(bytes32 contentHash,bytes32 previous)"))).to.equal(
        EXAMPLE.publicationTypehash,
      );
      const domainTypehash = keccak256(
        toUtf8Bytes("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
      );
      const separator = keccak256(
        abi.encode(
          ["bytes32", "bytes32", "bytes32", "uint256", "address"],
          [domainTypehash, keccak256(toUtf8Bytes("NewsProvenance")), keccak256(toUtf8Bytes("1")), EXAMPLE.chainId, EXAMPLE.registry],
        ),
      );
      expect(separator).to.equal(EXAMPLE.domainSeparator);
      expect(TypedDataEncoder.hashDomain(domain)).to.equal(EXAMPLE.domainSeparator);
    });

    for (const [name, message, pinned] of [
      ["a first version", publication, EXAMPLE.first],
      ["a correction", correction, EXAMPLE.second],
    ] as const) {
      describe(`for ${name}`, function () {
        it("has the pinned struct hash and digest", function () {
          const structHash = keccak256(
            abi.encode(["bytes32", "bytes32", "bytes32"], [EXAMPLE.publicationTypehash, message.contentHash, message.previous]),
          );
          expect(structHash).to.equal(pinned.structHash);
          expect(keccak256(concat(["0x1901", EXAMPLE.domainSeparator, structHash]))).to.equal(pinned.digest);
          expect(TypedDataEncoder.hash(domain, PUBLICATION_TYPES, message)).to.equal(pinned.digest);
        });

        it("has the pinned signature, from a wallet and from the Hardhat node alike", async function () {
          const account1 = (await ethers.getSigners())[1] as Signer;
          expect(await publisher.signTypedData(domain, PUBLICATION_TYPES, message)).to.equal(pinned.signature);
          expect(await account1.signTypedData(domain, PUBLICATION_TYPES, message)).to.equal(pinned.signature);
          expect(recoverPublicationSigner(domain, message, pinned.signature)).to.equal(EXAMPLE.publisher.address);
        });
      });
    }
  });

  describe("retraction and key rotation signatures", function () {
    const retraction: RetractionMessage = { contentHash: EXAMPLE.correction.contentHash, reason: EXAMPLE.retraction.reason };
    const rotation: KeyRotationMessage = {
      publisherId: EXAMPLE.keyRotation.publisherId,
      newKey: EXAMPLE.keyRotation.newKey,
      nonce: EXAMPLE.keyRotation.nonce,
    };

    it("has the pinned type hashes, of the type strings the protocol module encodes", function () {
      for (const [types, primaryType, typeString, typehash] of [
        [RETRACTION_TYPES, "Retraction", "Retraction(bytes32 contentHash,string reason)", EXAMPLE.retractionTypehash],
        [
          KEY_ROTATION_TYPES,
          "KeyRotation",
          "KeyRotation(uint32 publisherId,address newKey,uint256 nonce)",
          EXAMPLE.keyRotationTypehash,
        ],
      ] as const) {
        expect(TypedDataEncoder.from(types).encodeType(primaryType)).to.equal(typeString);
        expect(keccak256(toUtf8Bytes(typeString))).to.equal(typehash);
      }
    });

    it("hashes the reason as the keccak256 of its UTF-8 bytes", function () {
      const bytes = toUtf8Bytes(EXAMPLE.retraction.reason);
      expect(bytes.length).to.equal(EXAMPLE.retraction.reasonBytes);
      expect(keccak256(bytes)).to.equal(EXAMPLE.retraction.reasonHash);
    });

    it("rotates to Hardhat's account #2", async function () {
      expect((await ethers.getSigners())[2]?.address).to.equal(EXAMPLE.keyRotation.newKey);
    });

    for (const [name, types, message, encodedStruct, pinned] of [
      [
        "a retraction",
        RETRACTION_TYPES,
        retraction,
        abi.encode(
          ["bytes32", "bytes32", "bytes32"],
          [EXAMPLE.retractionTypehash, retraction.contentHash, EXAMPLE.retraction.reasonHash],
        ),
        EXAMPLE.retraction,
      ],
      [
        "a key rotation",
        KEY_ROTATION_TYPES,
        rotation,
        abi.encode(
          ["bytes32", "uint32", "address", "uint256"],
          [EXAMPLE.keyRotationTypehash, rotation.publisherId, rotation.newKey, rotation.nonce],
        ),
        EXAMPLE.keyRotation,
      ],
    ] as const) {
      describe(`for ${name}`, function () {
        it("has the pinned struct hash and digest", function () {
          expect(keccak256(encodedStruct)).to.equal(pinned.structHash);
          expect(keccak256(concat(["0x1901", EXAMPLE.domainSeparator, pinned.structHash]))).to.equal(pinned.digest);
          expect(TypedDataEncoder.hash(domain, types, message)).to.equal(pinned.digest);
        });

        it("has the pinned signature, from a wallet and from the Hardhat node alike", async function () {
          const account1 = (await ethers.getSigners())[1] as Signer;
          expect(await publisher.signTypedData(domain, types, message)).to.equal(pinned.signature);
          expect(await account1.signTypedData(domain, types, message)).to.equal(pinned.signature);
          expect(recoverTypedDataSigner(domain, types, message, pinned.signature)).to.equal(EXAMPLE.publisher.address);
        });
      });
    }
  });

  it("is quoted value for value in docs/protocol.md", function () {
    const doc = readFileSync(path.join(__dirname, "../../docs/protocol.md"), "utf8");
    for (const value of pinnedValues(EXAMPLE)) expect(doc, value).to.include(value);
  });
});
