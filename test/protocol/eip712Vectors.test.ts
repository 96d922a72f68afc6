import { expect } from "chai";
import { HDNodeWallet, Mnemonic, TypedDataEncoder, type Signer, type TypedDataField } from "ethers";
import { ethers } from "hardhat";
import { KEY_ROTATION_TYPES, PUBLICATION_TYPES, RETRACTION_TYPES, protocolDomain, recoverTypedDataSigner, type Hex } from "../../protocol";
import { readVectors } from "./vectors";

interface Eip712Vector {
  name: string;
  domain: { name: string; version: string; chainId: string; verifyingContract: Hex };
  primaryType: "Publication" | "Retraction" | "KeyRotation";
  types: Record<string, TypedDataField[]>;
  message: Record<string, string | number>;
  typeHash: Hex;
  domainSeparator: Hex;
  structHash: Hex;
  digest: Hex;
  signer: Hex;
  signature: Hex;
}

const PROTOCOL_TYPES = { Publication: PUBLICATION_TYPES, Retraction: RETRACTION_TYPES, KeyRotation: KEY_ROTATION_TYPES };
const HARDHAT_MNEMONIC = Mnemonic.fromPhrase("test test test test test test test test test test test junk");

// docs/test-vectors/eip712.json was computed by scripts/vectors/eip712.ts with @noble/hashes and
// @noble/curves and a hand-written abi.encode. Here ethers (the service's library), the protocol
// module and the registry contract must all agree with it.
describe("protocol: the EIP-712 test vectors", function () {
  const { cases } = readVectors<Eip712Vector>("eip712.json");
  const domainOf = (vector: Eip712Vector) => protocolDomain(BigInt(vector.domain.chainId), vector.domain.verifyingContract);

  it("covers Publication, Retraction and KeyRotation, ten cases at least", function () {
    expect(cases.length).to.be.at.least(10);
    expect(new Set(cases.map((vector) => vector.primaryType))).to.have.keys("Publication", "Retraction", "KeyRotation");
  });

  for (const vector of cases) {
    describe(vector.name, function () {
      it("has the protocol's types, and ethers computes its type hash, domain separator, struct hash and digest", function () {
        const types = PROTOCOL_TYPES[vector.primaryType];
        expect(vector.types).to.deep.equal(types);
        const encoder = TypedDataEncoder.from(types);
        expect(ethers.id(encoder.encodeType(vector.primaryType))).to.equal(vector.typeHash);
        expect(TypedDataEncoder.hashDomain(domainOf(vector))).to.equal(vector.domainSeparator);
        expect(encoder.hash(vector.message)).to.equal(vector.structHash);
        expect(TypedDataEncoder.hash(domainOf(vector), types, vector.message)).to.equal(vector.digest);
      });

      it("is signed by its Hardhat key, deterministically, in the form the registry accepts", async function () {
        const types = PROTOCOL_TYPES[vector.primaryType];
        expect(recoverTypedDataSigner(domainOf(vector), types, vector.message, vector.signature)).to.equal(vector.signer);
        const signer = (await ethers.getSigners()).find((account) => account.address === vector.signer) as Signer;
        expect(await signer.signTypedData(domainOf(vector), types, vector.message)).to.equal(vector.signature);
      });
    });
  }

  describe("on the registry contract", function () {
    let registry: Awaited<ReturnType<typeof deployVectorRegistry>>;
    const onChain = () => cases.filter((vector) => vector.domain.chainId === "31337" && vector.domain.verifyingContract === registry.target);

    // The vectors name the registry that account #100 of Hardhat's mnemonic deploys first: an
    // account no other test uses, so its first contract has that address on any Hardhat chain.
    async function deployVectorRegistry() {
      const deployer = HDNodeWallet.fromMnemonic(HARDHAT_MNEMONIC, "m/44'/60'/0'/0/100").connect(ethers.provider);
      await ethers.provider.send("hardhat_setBalance", [deployer.address, "0x56bc75e2d63100000"]);
      expect(await ethers.provider.getTransactionCount(deployer.address)).to.equal(0);
      return ethers.deployContract("ArticleRegistry", [deployer.address], deployer);
    }

    before(async function () {
      registry = await deployVectorRegistry();
      await registry.waitForDeployment();
    });

    it("is deployed where the vectors' domains on chain 31337 say", function () {
      expect(onChain().length).to.be.at.least(9);
    });

    it("computes every Publication and Retraction digest as the vectors do", async function () {
      for (const vector of onChain()) {
        const { message } = vector;
        if (vector.primaryType === "Publication") {
          expect(await registry.publicationDigest(String(message.contentHash), String(message.previous)), vector.name).to.equal(vector.digest);
        } else if (vector.primaryType === "Retraction") {
          expect(await registry.retractionDigest(String(message.contentHash), String(message.reason)), vector.name).to.equal(vector.digest);
        }
      }
    });

    it("computes every KeyRotation digest at its nonce, and accepts each signature in turn", async function () {
      const rotations = onChain().filter((vector) => vector.primaryType === "KeyRotation");
      const first = rotations.find((vector) => vector.message.publisherId === 1 && vector.message.nonce === "0")!;
      await (await registry.registerPublisher(first.signer, "Vectors", "vectors.example")).wait();
      for (const vector of rotations.sort((a, b) => Number(a.message.nonce) - Number(b.message.nonce))) {
        const { publisherId, newKey, nonce } = vector.message;
        expect(await registry.keyRotationNonce(publisherId!), vector.name).to.equal(BigInt(nonce!));
        expect(await registry.keyRotationDigest(publisherId!, String(newKey)), vector.name).to.equal(vector.digest);
        if (publisherId !== 1) continue;
        await expect(registry.rotatePublisherKey(publisherId, String(newKey), vector.signature))
          .to.emit(registry, "PublisherKeyRotated")
          .withArgs(publisherId, vector.signer, newKey);
      }
      expect(await registry.keyRotationNonce(1)).to.equal(2n);
    });
  });
});
