import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  TypedDataEncoder,
  Wallet,
  ZeroAddress,
  ZeroHash,
  keccak256,
  toUtf8Bytes,
  type Signer,
  type TypedDataField,
} from "ethers";
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
  type ContentHash,
  type Hex,
  type Publication,
} from "../../protocol";
import {
  DEMO_PUBLISHER,
  deployRegistryFixture,
  signKeyRotation,
  signPublication,
  signRetraction,
} from "../helpers/registry";
import fixtureArticle from "../fixtures/mistral-ai-funding.fr.json";

const ANCHOR_GAS_LIMIT = 75_000n;
// Generous bounds, to catch a regression by an order of magnitude, not to pin the figures.
const RETRACT_GAS_LIMIT = 100_000n;
const KEY_ROTATION_GAS_LIMIT = 120_000n;

const REASON = "The quotes in the third paragraph were attributed to the wrong councillor.";

/** The EIP-712 type hash of one of the protocol module's types, from the type string it encodes. */
const typehashOf = (types: Record<string, TypedDataField[]>, primaryType: string) =>
  keccak256(toUtf8Bytes(TypedDataEncoder.from(types).encodeType(primaryType)));

/** A distinct content hash per label; what is hashed does not matter to the registry. */
const contentHash = (label: string) => ethers.id(label) as ContentHash;

/** Fixes the timestamp of the next block, so that a test knows an event's timestamp in advance. */
async function fixNextBlockTimestamp(): Promise<number> {
  const timestamp = (await time.latest()) + 60;
  await time.setNextBlockTimestamp(timestamp);
  return timestamp;
}

/** Adds a contract publisher: an ERC-1271 wallet owned by `walletOwner`, registered as publisher 2. */
async function deployWalletPublisherFixture() {
  const fixture = await deployRegistryFixture();
  const { registry, other: walletOwner } = fixture;
  const wallet = await ethers.deployContract("ERC1271WalletMock", [walletOwner.address]);
  const walletAddress = (await wallet.getAddress()) as Hex;
  await registry.registerPublisher(walletAddress, "Wallet Newsroom", "wallet.example");
  return { ...fixture, wallet, walletAddress, walletOwner, walletPublisherId: 2n };
}

/** Publisher 1 has anchored a first version, `original`. */
async function deployAnchoredArticleFixture() {
  const fixture = await deployRegistryFixture();
  const { registry, registryAddress, chainId, publisher } = fixture;
  const original = contentHash("original");
  const publication = { contentHash: original, previous: NO_PREVIOUS };
  await registry.anchor(original, NO_PREVIOUS, publisher.address, await signPublication(publisher, registryAddress, chainId, publication));
  return { ...fixture, original };
}

type RegistryFixture = Awaited<ReturnType<typeof deployRegistryFixture>>;

/** Anchors a publication that `signer` signed, relayed by the admin. */
async function anchorSigned(
  { registry, registryAddress, chainId }: RegistryFixture,
  signer: Signer & { address: string },
  publication: Publication,
) {
  const signature = await signPublication(signer, registryAddress, chainId, publication);
  return registry.anchor(publication.contentHash, publication.previous, signer.address, signature);
}

/** A key no identity ever had. */
const freshKey = () => Wallet.createRandom().address as Hex;

/** Publisher 1 anchored `original` with its first key, `oldKey`; then a registrar moved it to `newKey` (signer #4). */
async function deployRotatedPublisherFixture() {
  const fixture = await deployAnchoredArticleFixture();
  const newKey = (await ethers.getSigners())[4];
  if (!newKey) throw new Error("the fixture needs five signers");
  await fixture.registry.rotatePublisherKey(fixture.publisherId, newKey.address, "0x");
  return { ...fixture, oldKey: fixture.publisher, newKey };
}

/** `signer`'s KeyRotation of the fixture's identity to `newKey` with `nonce`, and the key it names. */
async function rotationBy(
  fixture: { registryAddress: string; chainId: bigint; publisherId: bigint },
  signer: Parameters<typeof signKeyRotation>[0],
  newKey: string,
  nonce: bigint,
) {
  const rotation = { publisherId: Number(fixture.publisherId), newKey: newKey as Hex, nonce };
  return { submitted: newKey, signature: await signKeyRotation(signer, fixture.registryAddress, fixture.chainId, rotation) };
}

/** Publisher 1 anchored `original`, then retracted it. */
async function deployRetractedArticleFixture() {
  const fixture = await deployAnchoredArticleFixture();
  const { registry, registryAddress, chainId, publisher, original } = fixture;
  const signature = await signRetraction(publisher, registryAddress, chainId, { contentHash: original, reason: REASON });
  await registry.retract(original, REASON, signature);
  return fixture;
}

describe("ArticleRegistry", function () {
  describe("registerPublisher", function () {
    describe("when the caller is not a registrar", function () {
      it("reverts with AccessControlUnauthorizedAccount", async function () {
        const { registry, other } = await loadFixture(deployRegistryFixture);

        await expect(registry.connect(other).registerPublisher(other.address, "Other", "other.example"))
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(other.address, await registry.REGISTRAR_ROLE());
      });
    });

    describe("when the key is the zero address", function () {
      it("reverts with InvalidPublisherKey", async function () {
        const { registry } = await loadFixture(deployRegistryFixture);

        await expect(registry.registerPublisher(ZeroAddress, "Zero", "zero.example"))
          .to.be.revertedWithCustomError(registry, "InvalidPublisherKey")
          .withArgs(ZeroAddress);
      });
    });

    describe("when the key already belongs to an identity", function () {
      it("reverts with PublisherKeyAlreadyRegistered", async function () {
        const { registry, publisher, publisherId } = await loadFixture(deployRegistryFixture);

        await expect(registry.registerPublisher(publisher.address, "Again", "again.example"))
          .to.be.revertedWithCustomError(registry, "PublisherKeyAlreadyRegistered")
          .withArgs(publisher.address, publisherId);
      });

      it("reverts with PublisherKeyAlreadyRegistered for a key its identity rotated out", async function () {
        const { registry, oldKey, publisherId } = await loadFixture(deployRotatedPublisherFixture);

        await expect(registry.registerPublisher(oldKey.address, "Again", "again.example"))
          .to.be.revertedWithCustomError(registry, "PublisherKeyAlreadyRegistered")
          .withArgs(oldKey.address, publisherId);
      });

      it("reverts with PublisherKeyAlreadyRegistered even after that identity was revoked", async function () {
        const { registry, publisher, publisherId } = await loadFixture(deployRegistryFixture);
        await registry.revokePublisher(publisherId);

        await expect(registry.registerPublisher(publisher.address, "Again", "again.example"))
          .to.be.revertedWithCustomError(registry, "PublisherKeyAlreadyRegistered")
          .withArgs(publisher.address, publisherId);
      });
    });

    describe("when the name or the domain is empty", function () {
      it("reverts with EmptyPublisherField for an empty name", async function () {
        const { registry, other } = await loadFixture(deployRegistryFixture);

        await expect(registry.registerPublisher(other.address, "", "other.example")).to.be.revertedWithCustomError(
          registry,
          "EmptyPublisherField",
        );
      });

      it("reverts with EmptyPublisherField for an empty domain", async function () {
        const { registry, other } = await loadFixture(deployRegistryFixture);

        await expect(registry.registerPublisher(other.address, "Other", "")).to.be.revertedWithCustomError(
          registry,
          "EmptyPublisherField",
        );
      });
    });

    describe("when the registrar registers a new key", function () {
      it("emits PublisherRegistered with the new id, the key, the name and the domain", async function () {
        const { registry, other } = await loadFixture(deployRegistryFixture);

        await expect(registry.registerPublisher(other.address, "Other Newsroom", "other.example"))
          .to.emit(registry, "PublisherRegistered")
          .withArgs(2n, other.address, "Other Newsroom", "other.example");
      });

      it("returns the new identity's id", async function () {
        const { registry, other } = await loadFixture(deployRegistryFixture);

        expect(await registry.registerPublisher.staticCall(other.address, "Other", "other.example")).to.equal(2n);
      });

      it("numbers identities from 1, in order", async function () {
        const { admin, publisher, other } = await loadFixture(deployRegistryFixture);
        const registry = await ethers.deployContract("ArticleRegistry", [admin.address]);

        expect(await registry.registerPublisher.staticCall(publisher.address, "First", "first.example")).to.equal(1n);
        await registry.registerPublisher(publisher.address, "First", "first.example");
        expect(await registry.registerPublisher.staticCall(other.address, "Second", "second.example")).to.equal(2n);
      });

      it("stores the identity and maps the key to it", async function () {
        const { registry, other } = await loadFixture(deployRegistryFixture);
        const registeredAt = await fixNextBlockTimestamp();

        await registry.registerPublisher(other.address, "Other Newsroom", "other.example");

        const { key, revokedAt, name, domain } = await registry.getPublisher(2n);
        expect([key, revokedAt, name, domain]).to.deep.equal([other.address, 0n, "Other Newsroom", "other.example"]);
        expect((await registry.getPublisher(2n)).registeredAt).to.equal(registeredAt);
        expect(await registry.publisherIdOf(other.address)).to.equal(2n);
      });

      it("accepts a registrar other than the admin once granted the role", async function () {
        const { registry, other, relayer } = await loadFixture(deployRegistryFixture);
        await registry.grantRole(await registry.REGISTRAR_ROLE(), relayer.address);

        await expect(registry.connect(relayer).registerPublisher(other.address, "Other", "other.example"))
          .to.emit(registry, "PublisherRegistered")
          .withArgs(2n, other.address, "Other", "other.example");
      });
    });
  });

  describe("revokePublisher", function () {
    describe("when the caller is not a registrar", function () {
      it("reverts with AccessControlUnauthorizedAccount", async function () {
        const { registry, other, publisherId } = await loadFixture(deployRegistryFixture);

        await expect(registry.connect(other).revokePublisher(publisherId))
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(other.address, await registry.REGISTRAR_ROLE());
      });
    });

    describe("when the identity was never registered", function () {
      it("reverts with UnknownPublisher", async function () {
        const { registry } = await loadFixture(deployRegistryFixture);

        await expect(registry.revokePublisher(99n)).to.be.revertedWithCustomError(registry, "UnknownPublisher").withArgs(99n);
      });

      it("reverts with UnknownPublisher for id 0", async function () {
        const { registry } = await loadFixture(deployRegistryFixture);

        await expect(registry.revokePublisher(0n)).to.be.revertedWithCustomError(registry, "UnknownPublisher").withArgs(0n);
      });
    });

    describe("when the identity is already revoked", function () {
      it("reverts with PublisherAlreadyRevoked", async function () {
        const { registry, publisherId } = await loadFixture(deployRegistryFixture);
        await registry.revokePublisher(publisherId);

        await expect(registry.revokePublisher(publisherId))
          .to.be.revertedWithCustomError(registry, "PublisherAlreadyRevoked")
          .withArgs(publisherId);
      });
    });

    describe("when the identity is active", function () {
      it("emits PublisherRevoked with the block timestamp and stores it", async function () {
        const { registry, publisherId } = await loadFixture(deployRegistryFixture);
        const revokedAt = await fixNextBlockTimestamp();

        await expect(registry.revokePublisher(publisherId)).to.emit(registry, "PublisherRevoked").withArgs(publisherId, revokedAt);
        expect((await registry.getPublisher(publisherId)).revokedAt).to.equal(revokedAt);
      });

      it("keeps the articles the identity anchored before on record", async function () {
        const { registry, publisher, publisherId, original } = await loadFixture(deployAnchoredArticleFixture);
        const before = await registry.getRecord(original);

        await registry.revokePublisher(publisherId);

        expect([...(await registry.getRecord(original))]).to.deep.equal([...before]);
        expect(before.signer).to.equal(publisher.address);
        expect(await registry.publisherIdOf(publisher.address)).to.equal(publisherId);
      });

      it("refuses its key any new anchor, corrections of its own articles included", async function () {
        const fixture = await loadFixture(deployAnchoredArticleFixture);
        const { registry, publisher, publisherId, original } = fixture;
        await registry.revokePublisher(publisherId);

        for (const previous of [NO_PREVIOUS, original]) {
          await expect(anchorSigned(fixture, publisher, { contentHash: contentHash("after revocation"), previous }))
            .to.be.revertedWithCustomError(registry, "PublisherNotActive")
            .withArgs(publisher.address);
        }
      });
    });
  });

  describe("rotatePublisherKey", function () {
    describe("when a registrar rotates the key", function () {
      it("emits PublisherKeyRotated with the identity, the previous key and the new key, with no signature", async function () {
        const { registry, publisher, publisherId } = await loadFixture(deployRegistryFixture);
        const newKey = freshKey();

        await expect(registry.rotatePublisherKey(publisherId, newKey, "0x"))
          .to.emit(registry, "PublisherKeyRotated")
          .withArgs(publisherId, publisher.address, newKey);
      });

      it("moves the identity to the new key and keeps its name, domain and registration", async function () {
        const { registry, publisherId } = await loadFixture(deployRegistryFixture);
        const before = await registry.getPublisher(publisherId);
        const newKey = freshKey();

        await registry.rotatePublisherKey(publisherId, newKey, "0x");

        const { key, registeredAt, revokedAt, name, domain } = await registry.getPublisher(publisherId);
        expect([key, registeredAt, revokedAt, name, domain]).to.deep.equal([
          newKey,
          before.registeredAt,
          0n,
          DEMO_PUBLISHER.name,
          DEMO_PUBLISHER.domain,
        ]);
        expect(await registry.publisherIdOf(newKey)).to.equal(publisherId);
      });

      it("keeps the previous key mapped to the identity and its articles on record", async function () {
        const { registry, publisher, publisherId, original } = await loadFixture(deployAnchoredArticleFixture);
        const before = await registry.getRecord(original);

        await registry.rotatePublisherKey(publisherId, freshKey(), "0x");

        expect(await registry.publisherIdOf(publisher.address)).to.equal(publisherId);
        expect([...(await registry.getRecord(original))]).to.deep.equal([...before]);
      });
    });

    describe("when the identity's current key calls", function () {
      it("emits PublisherKeyRotated, with no signature", async function () {
        const { registry, publisher, publisherId } = await loadFixture(deployRegistryFixture);
        const newKey = freshKey();

        await expect(registry.connect(publisher).rotatePublisherKey(publisherId, newKey, "0x"))
          .to.emit(registry, "PublisherKeyRotated")
          .withArgs(publisherId, publisher.address, newKey);
      });
    });

    describe("when a relayer brings the current key's KeyRotation signature", function () {
      it("emits PublisherKeyRotated", async function () {
        const { registry, registryAddress, chainId, publisher, publisherId, relayer } = await loadFixture(deployRegistryFixture);
        const newKey = freshKey();
        const rotation = { publisherId: Number(publisherId), newKey, nonce: 0n };
        const signature = await signKeyRotation(publisher, registryAddress, chainId, rotation);

        await expect(registry.connect(relayer).rotatePublisherKey(publisherId, newKey, signature))
          .to.emit(registry, "PublisherKeyRotated")
          .withArgs(publisherId, publisher.address, newKey);
        expect((await registry.getPublisher(publisherId)).key).to.equal(newKey);
      });

      it("accepts the signature of an ERC-1271 current key, checked by the wallet", async function () {
        const { registry, registryAddress, chainId, relayer, walletAddress, walletOwner, walletPublisherId } =
          await loadFixture(deployWalletPublisherFixture);
        const newKey = freshKey();
        const rotation = { publisherId: Number(walletPublisherId), newKey, nonce: 0n };
        const signature = await signKeyRotation(walletOwner, registryAddress, chainId, rotation);

        await expect(registry.connect(relayer).rotatePublisherKey(walletPublisherId, newKey, signature))
          .to.emit(registry, "PublisherKeyRotated")
          .withArgs(walletPublisherId, walletAddress, newKey);
      });

      it(`costs at most ${KEY_ROTATION_GAS_LIMIT} gas`, async function () {
        const { registry, registryAddress, chainId, publisher, publisherId, relayer } = await loadFixture(deployRegistryFixture);
        const newKey = freshKey();
        const signature = await signKeyRotation(publisher, registryAddress, chainId, {
          publisherId: Number(publisherId),
          newKey,
          nonce: 0n,
        });

        const receipt = await (await registry.connect(relayer).rotatePublisherKey(publisherId, newKey, signature)).wait();

        console.log(`        gasUsed of one key rotation (relayed, EOA signature): ${receipt!.gasUsed}`);
        expect(receipt!.gasUsed).to.be.at.most(KEY_ROTATION_GAS_LIMIT);
      });
    });

    describe("when the identity was never registered", function () {
      it("reverts with UnknownPublisher", async function () {
        const { registry } = await loadFixture(deployRegistryFixture);

        for (const publisherId of [0n, 99n]) {
          await expect(registry.rotatePublisherKey(publisherId, freshKey(), "0x"))
            .to.be.revertedWithCustomError(registry, "UnknownPublisher")
            .withArgs(publisherId);
        }
      });
    });

    describe("when the identity is revoked", function () {
      it("reverts with PublisherIsRevoked, even for a registrar", async function () {
        const { registry, publisherId } = await loadFixture(deployRegistryFixture);
        await registry.revokePublisher(publisherId);

        await expect(registry.rotatePublisherKey(publisherId, freshKey(), "0x"))
          .to.be.revertedWithCustomError(registry, "PublisherIsRevoked")
          .withArgs(publisherId);
      });
    });

    describe("when the new key is the zero address", function () {
      it("reverts with InvalidPublisherKey", async function () {
        const { registry, publisherId } = await loadFixture(deployRegistryFixture);

        await expect(registry.rotatePublisherKey(publisherId, ZeroAddress, "0x"))
          .to.be.revertedWithCustomError(registry, "InvalidPublisherKey")
          .withArgs(ZeroAddress);
      });
    });

    describe("when the new key already belongs to an identity", function () {
      it("reverts with PublisherKeyAlreadyRegistered for another identity's key", async function () {
        const { registry, publisherId, other } = await loadFixture(deployRegistryFixture);
        await registry.registerPublisher(other.address, "Other Newsroom", "other.example");

        await expect(registry.rotatePublisherKey(publisherId, other.address, "0x"))
          .to.be.revertedWithCustomError(registry, "PublisherKeyAlreadyRegistered")
          .withArgs(other.address, 2n);
      });

      it("reverts with PublisherKeyAlreadyRegistered for the identity's current key", async function () {
        const { registry, publisher, publisherId } = await loadFixture(deployRegistryFixture);

        await expect(registry.rotatePublisherKey(publisherId, publisher.address, "0x"))
          .to.be.revertedWithCustomError(registry, "PublisherKeyAlreadyRegistered")
          .withArgs(publisher.address, publisherId);
      });

      it("reverts with PublisherKeyAlreadyRegistered for the identity's own rotated-out key: no rotating back", async function () {
        const { registry, oldKey, publisherId } = await loadFixture(deployRotatedPublisherFixture);

        await expect(registry.rotatePublisherKey(publisherId, oldKey.address, "0x"))
          .to.be.revertedWithCustomError(registry, "PublisherKeyAlreadyRegistered")
          .withArgs(oldKey.address, publisherId);
      });

      it("reverts with PublisherKeyAlreadyRegistered when a used rotation signature is replayed", async function () {
        const { registry, registryAddress, chainId, publisher, publisherId, relayer } = await loadFixture(deployRegistryFixture);
        const newKey = freshKey();
        const signature = await signKeyRotation(publisher, registryAddress, chainId, {
          publisherId: Number(publisherId),
          newKey,
          nonce: 0n,
        });
        await registry.connect(relayer).rotatePublisherKey(publisherId, newKey, signature);

        await expect(registry.connect(relayer).rotatePublisherKey(publisherId, newKey, signature))
          .to.be.revertedWithCustomError(registry, "PublisherKeyAlreadyRegistered")
          .withArgs(newKey, publisherId);
      });
    });

    describe("when the caller is not authorized", function () {
      it("reverts with UnauthorizedKeyRotation for a stranger without a signature", async function () {
        const { registry, publisherId, other } = await loadFixture(deployRegistryFixture);

        await expect(registry.connect(other).rotatePublisherKey(publisherId, freshKey(), "0x"))
          .to.be.revertedWithCustomError(registry, "UnauthorizedKeyRotation")
          .withArgs(publisherId, other.address);
      });

      it("reverts with UnauthorizedKeyRotation for another identity's key as caller", async function () {
        const { registry, publisherId, other } = await loadFixture(deployRegistryFixture);
        await registry.registerPublisher(other.address, "Other Newsroom", "other.example");

        await expect(registry.connect(other).rotatePublisherKey(publisherId, freshKey(), "0x"))
          .to.be.revertedWithCustomError(registry, "UnauthorizedKeyRotation")
          .withArgs(publisherId, other.address);
      });

      it("reverts with UnauthorizedKeyRotation for the rotated-out key as caller", async function () {
        const { registry, oldKey, publisherId } = await loadFixture(deployRotatedPublisherFixture);

        await expect(registry.connect(oldKey).rotatePublisherKey(publisherId, freshKey(), "0x"))
          .to.be.revertedWithCustomError(registry, "UnauthorizedKeyRotation")
          .withArgs(publisherId, oldKey.address);
      });

      // Each a signature that is not the current key's KeyRotation(publisherId, newKey, nonce) for
      // what is submitted, relayed by a stranger; the identity rotated once (nonce 1, key #4).
      type Rotated = Awaited<ReturnType<typeof deployRotatedPublisherFixture>>;
      const badSignatures: { of: string; sign: (f: Rotated, nonce: bigint) => Promise<{ submitted: string; signature: string }> }[] = [
        { of: "another key", sign: async (f, nonce) => rotationBy(f, f.other, freshKey(), nonce) },
        { of: "the rotated-out key, even with the current nonce", sign: async (f, nonce) => rotationBy(f, f.oldKey, freshKey(), nonce) },
        {
          of: "the current key, naming another new key",
          sign: async (f, nonce) => ({ ...(await rotationBy(f, f.newKey, freshKey(), nonce)), submitted: freshKey() }),
        },
        { of: "the current key, with another nonce than the current one", sign: async (f, nonce) => rotationBy(f, f.newKey, freshKey(), nonce + 1n) },
      ];
      for (const { of, sign } of badSignatures) {
        it(`reverts with UnauthorizedKeyRotation for a signature by ${of}`, async function () {
          const f = await loadFixture(deployRotatedPublisherFixture);
          const { submitted, signature } = await sign(f, await f.registry.keyRotationNonce(f.publisherId));
          await expect(f.registry.connect(f.relayer).rotatePublisherKey(f.publisherId, submitted, signature))
            .to.be.revertedWithCustomError(f.registry, "UnauthorizedKeyRotation")
            .withArgs(f.publisherId, f.relayer.address);
        });
      }

      it("reverts with UnauthorizedKeyRotation when a registrar or the current key relays an invalid signature", async function () {
        const { registry, registryAddress, chainId, admin, publisher, publisherId, other } = await loadFixture(deployRegistryFixture);
        const newKey = freshKey();
        const signature = await signKeyRotation(other, registryAddress, chainId, { publisherId: Number(publisherId), newKey, nonce: 0n });

        for (const caller of [admin, publisher]) {
          await expect(registry.connect(caller).rotatePublisherKey(publisherId, newKey, signature))
            .to.be.revertedWithCustomError(registry, "UnauthorizedKeyRotation")
            .withArgs(publisherId, caller.address);
        }
      });

      // Keys never come back, so an old signature could only be replayed where one signer stands behind
      // two keys: two ERC-1271 wallets of one owner. The nonce is what voids it there.
      it("reverts with UnauthorizedKeyRotation for a signed but unused rotation once the identity has rotated", async function () {
        const { registry, registryAddress, chainId, relayer, walletOwner, walletPublisherId } =
          await loadFixture(deployWalletPublisherFixture);
        const sameOwnerWallet = await ethers.deployContract("ERC1271WalletMock", [walletOwner.address]);
        const newKey = freshKey();
        const rotation = { publisherId: Number(walletPublisherId), newKey, nonce: 0n };
        const stale = await signKeyRotation(walletOwner, registryAddress, chainId, rotation);
        await registry.rotatePublisherKey(walletPublisherId, await sameOwnerWallet.getAddress(), "0x");

        await expect(registry.connect(relayer).rotatePublisherKey(walletPublisherId, newKey, stale))
          .to.be.revertedWithCustomError(registry, "UnauthorizedKeyRotation")
          .withArgs(walletPublisherId, relayer.address);
        const fresh = await signKeyRotation(walletOwner, registryAddress, chainId, { ...rotation, nonce: 1n });
        await expect(registry.connect(relayer).rotatePublisherKey(walletPublisherId, newKey, fresh)).to.emit(
          registry,
          "PublisherKeyRotated",
        );
      });
    });
  });

  describe("retract", function () {
    describe("when the publisher's current key signed the retraction", function () {
      it("emits ArticleRetracted with the hash, the identity, the reason and the timestamp, from any relayer", async function () {
        const { registry, registryAddress, chainId, publisher, publisherId, relayer, original } =
          await loadFixture(deployAnchoredArticleFixture);
        const signature = await signRetraction(publisher, registryAddress, chainId, { contentHash: original, reason: REASON });

        const timestamp = await fixNextBlockTimestamp();
        await expect(registry.connect(relayer).retract(original, REASON, signature))
          .to.emit(registry, "ArticleRetracted")
          .withArgs(original, publisherId, REASON, timestamp);
      });

      it("records the block number and timestamp, and leaves the record and the successor alone", async function () {
        const { registry, registryAddress, chainId, publisher, original } = await loadFixture(deployAnchoredArticleFixture);
        const record = await registry.getRecord(original);
        const signature = await signRetraction(publisher, registryAddress, chainId, { contentHash: original, reason: REASON });

        const receipt = await (await registry.retract(original, REASON, signature)).wait();
        const block = await receipt!.getBlock();

        const { blockNumber, timestamp } = await registry.getRetraction(original);
        expect([blockNumber, timestamp]).to.deep.equal([BigInt(block.number), BigInt(block.timestamp)]);
        expect([...(await registry.getRecord(original))]).to.deep.equal([...record]);
        expect(await registry.successorOf(original)).to.equal(ZeroHash);
      });

      it("retracts a version that a later version corrected", async function () {
        const fixture = await loadFixture(deployAnchoredArticleFixture);
        const { registry, registryAddress, chainId, publisher, publisherId, original } = fixture;
        await anchorSigned(fixture, publisher, { contentHash: contentHash("correction"), previous: original });
        const signature = await signRetraction(publisher, registryAddress, chainId, { contentHash: original, reason: REASON });

        const timestamp = await fixNextBlockTimestamp();
        await expect(registry.retract(original, REASON, signature))
          .to.emit(registry, "ArticleRetracted")
          .withArgs(original, publisherId, REASON, timestamp);
      });

      it("accepts the signature of an ERC-1271 publisher, checked by the wallet", async function () {
        const fixture = await loadFixture(deployWalletPublisherFixture);
        const { registry, registryAddress, chainId, walletAddress, walletOwner, walletPublisherId } = fixture;
        const hash = contentHash("wallet article");
        const publication = { contentHash: hash, previous: NO_PREVIOUS };
        await registry.anchor(hash, NO_PREVIOUS, walletAddress, await signPublication(walletOwner, registryAddress, chainId, publication));
        const signature = await signRetraction(walletOwner, registryAddress, chainId, { contentHash: hash, reason: REASON });

        const timestamp = await fixNextBlockTimestamp();
        await expect(registry.retract(hash, REASON, signature))
          .to.emit(registry, "ArticleRetracted")
          .withArgs(hash, walletPublisherId, REASON, timestamp);
      });

      it(`costs at most ${RETRACT_GAS_LIMIT} gas`, async function () {
        const { registry, registryAddress, chainId, publisher, relayer, original } = await loadFixture(deployAnchoredArticleFixture);
        const signature = await signRetraction(publisher, registryAddress, chainId, { contentHash: original, reason: REASON });

        const receipt = await (await registry.connect(relayer).retract(original, REASON, signature)).wait();

        console.log(`        gasUsed of one retraction (relayed, EOA signature, ${REASON.length}-byte reason): ${receipt!.gasUsed}`);
        expect(receipt!.gasUsed).to.be.at.most(RETRACT_GAS_LIMIT);
      });
    });

    describe("when the publisher identity moved to a new key", function () {
      it("accepts the new key's retraction of an article the old key anchored", async function () {
        const { registry, registryAddress, chainId, newKey, publisherId, original } = await loadFixture(deployRotatedPublisherFixture);
        const signature = await signRetraction(newKey, registryAddress, chainId, { contentHash: original, reason: REASON });

        const timestamp = await fixNextBlockTimestamp();
        await expect(registry.retract(original, REASON, signature))
          .to.emit(registry, "ArticleRetracted")
          .withArgs(original, publisherId, REASON, timestamp);
      });

      it("reverts with InvalidRetractionSignature for the rotated-out key's signature", async function () {
        const { registry, registryAddress, chainId, oldKey, original } = await loadFixture(deployRotatedPublisherFixture);
        const signature = await signRetraction(oldKey, registryAddress, chainId, { contentHash: original, reason: REASON });

        await expect(registry.retract(original, REASON, signature))
          .to.be.revertedWithCustomError(registry, "InvalidRetractionSignature")
          .withArgs(original);
      });
    });

    describe("when the version was never anchored", function () {
      it("reverts with ArticleNotAnchored", async function () {
        const { registry, registryAddress, chainId, publisher } = await loadFixture(deployRegistryFixture);
        const hash = contentHash("never anchored");
        const signature = await signRetraction(publisher, registryAddress, chainId, { contentHash: hash, reason: REASON });

        await expect(registry.retract(hash, REASON, signature))
          .to.be.revertedWithCustomError(registry, "ArticleNotAnchored")
          .withArgs(hash);
      });
    });

    describe("when the version is already retracted", function () {
      it("reverts with ArticleAlreadyRetracted, whatever the reason", async function () {
        const { registry, registryAddress, chainId, publisher, original } = await loadFixture(deployRetractedArticleFixture);
        const reason = "Retracted again, for another reason.";
        const signature = await signRetraction(publisher, registryAddress, chainId, { contentHash: original, reason });

        await expect(registry.retract(original, reason, signature))
          .to.be.revertedWithCustomError(registry, "ArticleAlreadyRetracted")
          .withArgs(original);
      });
    });

    describe("when the reason is empty", function () {
      it("reverts with EmptyRetractionReason", async function () {
        const { registry, registryAddress, chainId, publisher, original } = await loadFixture(deployAnchoredArticleFixture);
        const signature = await signRetraction(publisher, registryAddress, chainId, { contentHash: original, reason: "" });

        await expect(registry.retract(original, "", signature)).to.be.revertedWithCustomError(registry, "EmptyRetractionReason");
      });
    });

    describe("when the publisher identity is revoked", function () {
      it("reverts with PublisherIsRevoked", async function () {
        const { registry, registryAddress, chainId, publisher, publisherId, original } = await loadFixture(deployAnchoredArticleFixture);
        await registry.revokePublisher(publisherId);
        const signature = await signRetraction(publisher, registryAddress, chainId, { contentHash: original, reason: REASON });

        await expect(registry.retract(original, REASON, signature))
          .to.be.revertedWithCustomError(registry, "PublisherIsRevoked")
          .withArgs(publisherId);
      });
    });

    describe("when the signature is not the retraction of this version by its publisher's current key", function () {
      it("reverts with InvalidRetractionSignature for another publisher's signature", async function () {
        const { registry, registryAddress, chainId, other, original } = await loadFixture(deployAnchoredArticleFixture);
        await registry.registerPublisher(other.address, "Other Newsroom", "other.example");
        const signature = await signRetraction(other, registryAddress, chainId, { contentHash: original, reason: REASON });

        await expect(registry.retract(original, REASON, signature))
          .to.be.revertedWithCustomError(registry, "InvalidRetractionSignature")
          .withArgs(original);
      });

      it("reverts with InvalidRetractionSignature when the reason text was changed", async function () {
        const { registry, registryAddress, chainId, publisher, original } = await loadFixture(deployAnchoredArticleFixture);
        const signature = await signRetraction(publisher, registryAddress, chainId, { contentHash: original, reason: REASON });

        await expect(registry.retract(original, `${REASON} `, signature))
          .to.be.revertedWithCustomError(registry, "InvalidRetractionSignature")
          .withArgs(original);
      });

      it("reverts with InvalidRetractionSignature for the retraction of another version", async function () {
        const { registry, registryAddress, chainId, publisher, original } = await loadFixture(deployAnchoredArticleFixture);
        const signature = await signRetraction(publisher, registryAddress, chainId, {
          contentHash: contentHash("another version"),
          reason: REASON,
        });

        await expect(registry.retract(original, REASON, signature))
          .to.be.revertedWithCustomError(registry, "InvalidRetractionSignature")
          .withArgs(original);
      });

      it("reverts with InvalidRetractionSignature for the publication signature of the version", async function () {
        const { registry, registryAddress, chainId, publisher, original } = await loadFixture(deployAnchoredArticleFixture);
        const signature = await signPublication(publisher, registryAddress, chainId, { contentHash: original, previous: NO_PREVIOUS });

        await expect(registry.retract(original, REASON, signature))
          .to.be.revertedWithCustomError(registry, "InvalidRetractionSignature")
          .withArgs(original);
      });
    });
  });

  describe("anchor", function () {
    describe("when an active EOA publisher signed a first version", function () {
      it("records the signer, the block number and the block timestamp", async function () {
        const { registry, registryAddress, chainId, publisher } = await loadFixture(deployRegistryFixture);
        const hash = contentHash("article");
        const signature = await signPublication(publisher, registryAddress, chainId, { contentHash: hash, previous: NO_PREVIOUS });

        const receipt = await (await registry.anchor(hash, NO_PREVIOUS, publisher.address, signature)).wait();
        const block = await receipt!.getBlock();

        const { signer, blockNumber, timestamp } = await registry.getRecord(hash);
        expect([signer, blockNumber, timestamp]).to.deep.equal([
          publisher.address,
          BigInt(block.number),
          BigInt(block.timestamp),
        ]);
        expect(await registry.successorOf(hash)).to.equal(ZeroHash);
      });

      it("emits ArticleAnchored with the hash, the identity, the signer, no previous and the timestamp", async function () {
        const { registry, registryAddress, chainId, publisher, publisherId } = await loadFixture(deployRegistryFixture);
        const hash = contentHash("article");
        const signature = await signPublication(publisher, registryAddress, chainId, { contentHash: hash, previous: NO_PREVIOUS });
        const timestamp = await fixNextBlockTimestamp();

        await expect(registry.anchor(hash, NO_PREVIOUS, publisher.address, signature))
          .to.emit(registry, "ArticleAnchored")
          .withArgs(hash, publisherId, publisher.address, NO_PREVIOUS, timestamp);
      });

      it("accepts the transaction from any relayer, so the publisher needs no ETH", async function () {
        const { registry, registryAddress, chainId, relayer } = await loadFixture(deployRegistryFixture);
        const newsroomKey = ethers.Wallet.createRandom();
        await registry.registerPublisher(newsroomKey.address, "Keyless Newsroom", "keyless.example");
        expect(await ethers.provider.getBalance(newsroomKey.address)).to.equal(0n);
        const hash = contentHash("relayed article");
        const signature = await signPublication(newsroomKey, registryAddress, chainId, { contentHash: hash, previous: NO_PREVIOUS });

        const timestamp = await fixNextBlockTimestamp();
        await expect(registry.connect(relayer).anchor(hash, NO_PREVIOUS, newsroomKey.address, signature))
          .to.emit(registry, "ArticleAnchored")
          .withArgs(hash, 2n, newsroomKey.address, NO_PREVIOUS, timestamp);
        expect((await registry.getRecord(hash)).signer).to.equal(newsroomKey.address);
        expect(await ethers.provider.getBalance(newsroomKey.address)).to.equal(0n);
      });

      it(`costs at most ${ANCHOR_GAS_LIMIT} gas`, async function () {
        const { registry, registryAddress, chainId, publisher, relayer } = await loadFixture(deployRegistryFixture);
        const hash = contentHash("gas");
        const signature = await signPublication(publisher, registryAddress, chainId, { contentHash: hash, previous: NO_PREVIOUS });

        const receipt = await (await registry.connect(relayer).anchor(hash, NO_PREVIOUS, publisher.address, signature)).wait();

        console.log(`        gasUsed of one anchor (EOA publisher, first version): ${receipt!.gasUsed}`);
        expect(receipt!.gasUsed).to.be.at.most(ANCHOR_GAS_LIMIT);
      });
    });

    describe("when the article is the real fixture article", function () {
      it("anchors the content hash computed by the protocol module and reads it back", async function () {
        const { registry, registryAddress, chainId, publisher, publisherId } = await loadFixture(deployRegistryFixture);
        const parsed = parseArticle(fixtureArticle);
        if (!parsed.success) throw new Error(`fixture article is invalid: ${JSON.stringify(parsed.issues)}`);
        const { contentHash: hash } = await identifyArticle(parsed.article);
        const signature = await signPublication(publisher, registryAddress, chainId, { contentHash: hash, previous: NO_PREVIOUS });

        const timestamp = await fixNextBlockTimestamp();
        await expect(registry.anchor(hash, NO_PREVIOUS, publisher.address, signature))
          .to.emit(registry, "ArticleAnchored")
          .withArgs(hash, publisherId, publisher.address, NO_PREVIOUS, timestamp);
        expect((await registry.getRecord(hash)).signer).to.equal(publisher.address);
      });
    });

    describe("when the content hash is zero", function () {
      it("reverts with ZeroContentHash", async function () {
        const { registry, registryAddress, chainId, publisher } = await loadFixture(deployRegistryFixture);
        const signature = await signPublication(publisher, registryAddress, chainId, { contentHash: ZeroHash as Hex, previous: NO_PREVIOUS });

        await expect(registry.anchor(ZeroHash, NO_PREVIOUS, publisher.address, signature)).to.be.revertedWithCustomError(
          registry,
          "ZeroContentHash",
        );
      });
    });

    describe("when the article was anchored before", function () {
      it("reverts with ArticleAlreadyAnchored", async function () {
        const { registry, registryAddress, chainId, publisher, original } = await loadFixture(deployAnchoredArticleFixture);
        const signature = await signPublication(publisher, registryAddress, chainId, { contentHash: original, previous: NO_PREVIOUS });

        await expect(registry.anchor(original, NO_PREVIOUS, publisher.address, signature))
          .to.be.revertedWithCustomError(registry, "ArticleAlreadyAnchored")
          .withArgs(original);
      });
    });

    describe("when the publisher is not active", function () {
      it("reverts with PublisherNotActive for a key that was never registered", async function () {
        const { registry, registryAddress, chainId, other } = await loadFixture(deployRegistryFixture);
        const hash = contentHash("article");
        const signature = await signPublication(other, registryAddress, chainId, { contentHash: hash, previous: NO_PREVIOUS });

        await expect(registry.anchor(hash, NO_PREVIOUS, other.address, signature))
          .to.be.revertedWithCustomError(registry, "PublisherNotActive")
          .withArgs(other.address);
      });

      it("reverts with PublisherNotActive for the key of a revoked identity", async function () {
        const { registry, registryAddress, chainId, publisher, publisherId } = await loadFixture(deployRegistryFixture);
        await registry.revokePublisher(publisherId);
        const hash = contentHash("article");
        const signature = await signPublication(publisher, registryAddress, chainId, { contentHash: hash, previous: NO_PREVIOUS });

        await expect(registry.anchor(hash, NO_PREVIOUS, publisher.address, signature))
          .to.be.revertedWithCustomError(registry, "PublisherNotActive")
          .withArgs(publisher.address);
      });
    });

    describe("when the signature is not the publisher's signature of this publication", function () {
      it("reverts with InvalidPublicationSignature when another key signed", async function () {
        const { registry, registryAddress, chainId, publisher, other } = await loadFixture(deployRegistryFixture);
        const hash = contentHash("article");
        const signature = await signPublication(other, registryAddress, chainId, { contentHash: hash, previous: NO_PREVIOUS });

        await expect(registry.anchor(hash, NO_PREVIOUS, publisher.address, signature))
          .to.be.revertedWithCustomError(registry, "InvalidPublicationSignature")
          .withArgs(publisher.address);
      });

      it("reverts with InvalidPublicationSignature when the content hash was tampered with", async function () {
        const { registry, registryAddress, chainId, publisher } = await loadFixture(deployRegistryFixture);
        const signature = await signPublication(publisher, registryAddress, chainId, {
          contentHash: contentHash("signed article"),
          previous: NO_PREVIOUS,
        });

        await expect(registry.anchor(contentHash("tampered article"), NO_PREVIOUS, publisher.address, signature))
          .to.be.revertedWithCustomError(registry, "InvalidPublicationSignature")
          .withArgs(publisher.address);
      });

      it("reverts with InvalidPublicationSignature when the signature is malformed", async function () {
        const { registry, publisher } = await loadFixture(deployRegistryFixture);

        await expect(registry.anchor(contentHash("article"), NO_PREVIOUS, publisher.address, "0x1234"))
          .to.be.revertedWithCustomError(registry, "InvalidPublicationSignature")
          .withArgs(publisher.address);
      });

      it("reverts with InvalidPublicationSignature when it was signed for another chain id", async function () {
        const { registry, registryAddress, chainId, publisher } = await loadFixture(deployRegistryFixture);
        const hash = contentHash("article");
        const signature = await signPublication(publisher, registryAddress, chainId + 1n, { contentHash: hash, previous: NO_PREVIOUS });

        await expect(registry.anchor(hash, NO_PREVIOUS, publisher.address, signature))
          .to.be.revertedWithCustomError(registry, "InvalidPublicationSignature")
          .withArgs(publisher.address);
      });

      it("reverts with InvalidPublicationSignature when it was signed for another registry", async function () {
        const { registry, registryAddress, chainId, admin, publisher } = await loadFixture(deployRegistryFixture);
        const secondRegistry = await ethers.deployContract("ArticleRegistry", [admin.address]);
        await secondRegistry.registerPublisher(publisher.address, DEMO_PUBLISHER.name, DEMO_PUBLISHER.domain);
        const hash = contentHash("article");
        const signature = await signPublication(publisher, registryAddress, chainId, { contentHash: hash, previous: NO_PREVIOUS });

        await expect(secondRegistry.anchor(hash, NO_PREVIOUS, publisher.address, signature))
          .to.be.revertedWithCustomError(secondRegistry, "InvalidPublicationSignature")
          .withArgs(publisher.address);
        await expect(registry.anchor(hash, NO_PREVIOUS, publisher.address, signature)).to.emit(registry, "ArticleAnchored");
      });
    });

    describe("when the publisher is an ERC-1271 contract", function () {
      it("anchors a publication its owner signed", async function () {
        const { registry, registryAddress, chainId, walletAddress, walletOwner, walletPublisherId } =
          await loadFixture(deployWalletPublisherFixture);
        const hash = contentHash("wallet article");
        const signature = await signPublication(walletOwner, registryAddress, chainId, { contentHash: hash, previous: NO_PREVIOUS });

        const timestamp = await fixNextBlockTimestamp();
        await expect(registry.anchor(hash, NO_PREVIOUS, walletAddress, signature))
          .to.emit(registry, "ArticleAnchored")
          .withArgs(hash, walletPublisherId, walletAddress, NO_PREVIOUS, timestamp);
        expect((await registry.getRecord(hash)).signer).to.equal(walletAddress);
      });

      it("reverts with InvalidPublicationSignature when the wallet rejects the signature", async function () {
        const { registry, registryAddress, chainId, publisher, walletAddress } = await loadFixture(deployWalletPublisherFixture);
        const hash = contentHash("wallet article");
        const signature = await signPublication(publisher, registryAddress, chainId, { contentHash: hash, previous: NO_PREVIOUS });

        await expect(registry.anchor(hash, NO_PREVIOUS, walletAddress, signature))
          .to.be.revertedWithCustomError(registry, "InvalidPublicationSignature")
          .withArgs(walletAddress);
      });
    });

    describe("when the publication corrects a previous version", function () {
      it("anchors the correction, emits its previous and sets the successor", async function () {
        const { registry, registryAddress, chainId, publisher, publisherId, original } =
          await loadFixture(deployAnchoredArticleFixture);
        const correction = contentHash("correction");
        const signature = await signPublication(publisher, registryAddress, chainId, { contentHash: correction, previous: original });

        const timestamp = await fixNextBlockTimestamp();
        await expect(registry.anchor(correction, original, publisher.address, signature))
          .to.emit(registry, "ArticleAnchored")
          .withArgs(correction, publisherId, publisher.address, original, timestamp);
        expect(await registry.successorOf(original)).to.equal(correction);
        expect(await registry.successorOf(correction)).to.equal(ZeroHash);
      });

      it("extends the history one version at a time", async function () {
        const { registry, registryAddress, chainId, publisher, original } = await loadFixture(deployAnchoredArticleFixture);
        const history = [original, contentHash("second"), contentHash("third")];

        for (let i = 1; i < history.length; i++) {
          const publication = { contentHash: history[i]!, previous: history[i - 1]! };
          const signature = await signPublication(publisher, registryAddress, chainId, publication);
          await registry.anchor(publication.contentHash, publication.previous, publisher.address, signature);
        }

        expect(await registry.successorOf(history[0]!)).to.equal(history[1]);
        expect(await registry.successorOf(history[1]!)).to.equal(history[2]);
      });

      it("reverts with PreviousNotAnchored when the previous version was never anchored", async function () {
        const { registry, registryAddress, chainId, publisher } = await loadFixture(deployRegistryFixture);
        const previous = contentHash("never anchored");
        const correction = contentHash("correction");
        const signature = await signPublication(publisher, registryAddress, chainId, { contentHash: correction, previous });

        await expect(registry.anchor(correction, previous, publisher.address, signature))
          .to.be.revertedWithCustomError(registry, "PreviousNotAnchored")
          .withArgs(previous);
      });

      it("reverts with PreviousFromAnotherPublisher when another identity anchored the previous version", async function () {
        const { registry, registryAddress, chainId, original, other } = await loadFixture(deployAnchoredArticleFixture);
        await registry.registerPublisher(other.address, "Other Newsroom", "other.example");
        const correction = contentHash("hijacking correction");
        const signature = await signPublication(other, registryAddress, chainId, { contentHash: correction, previous: original });

        await expect(registry.anchor(correction, original, other.address, signature))
          .to.be.revertedWithCustomError(registry, "PreviousFromAnotherPublisher")
          .withArgs(original, 2n);
      });

      it("reverts with PreviousAlreadySuperseded on an attempt to fork the history", async function () {
        const { registry, registryAddress, chainId, publisher, original } = await loadFixture(deployAnchoredArticleFixture);
        const [first, fork] = [contentHash("first correction"), contentHash("forked correction")];
        await registry.anchor(
          first,
          original,
          publisher.address,
          await signPublication(publisher, registryAddress, chainId, { contentHash: first, previous: original }),
        );
        const signature = await signPublication(publisher, registryAddress, chainId, { contentHash: fork, previous: original });

        await expect(registry.anchor(fork, original, publisher.address, signature))
          .to.be.revertedWithCustomError(registry, "PreviousAlreadySuperseded")
          .withArgs(original, first);
      });

      it("reverts with PreviousRetracted when the previous version was retracted", async function () {
        const fixture = await loadFixture(deployRetractedArticleFixture);
        const { registry, publisher, original } = fixture;

        await expect(anchorSigned(fixture, publisher, { contentHash: contentHash("correction"), previous: original }))
          .to.be.revertedWithCustomError(registry, "PreviousRetracted")
          .withArgs(original);
      });

      it("reverts with InvalidPublicationSignature when the signed previous was tampered with", async function () {
        const { registry, registryAddress, chainId, publisher, original } = await loadFixture(deployAnchoredArticleFixture);
        const correction = contentHash("correction");
        const signature = await signPublication(publisher, registryAddress, chainId, { contentHash: correction, previous: NO_PREVIOUS });

        await expect(registry.anchor(correction, original, publisher.address, signature))
          .to.be.revertedWithCustomError(registry, "InvalidPublicationSignature")
          .withArgs(publisher.address);
      });
    });
    describe("when the publisher identity moved to a new key", function () {
      it("reverts with PublisherNotActive for the rotated-out key", async function () {
        const fixture = await loadFixture(deployRotatedPublisherFixture);
        const { registry, oldKey } = fixture;

        await expect(anchorSigned(fixture, oldKey, { contentHash: contentHash("article"), previous: NO_PREVIOUS }))
          .to.be.revertedWithCustomError(registry, "PublisherNotActive")
          .withArgs(oldKey.address);
      });

      it("anchors a first version the new key signed, under the same identity", async function () {
        const fixture = await loadFixture(deployRotatedPublisherFixture);
        const { registry, newKey, publisherId } = fixture;
        const hash = contentHash("article");

        const timestamp = await fixNextBlockTimestamp();
        await expect(anchorSigned(fixture, newKey, { contentHash: hash, previous: NO_PREVIOUS }))
          .to.emit(registry, "ArticleAnchored")
          .withArgs(hash, publisherId, newKey.address, NO_PREVIOUS, timestamp);
      });

      it("anchors the new key's correction of an article the old key anchored", async function () {
        const fixture = await loadFixture(deployRotatedPublisherFixture);
        const { registry, newKey, oldKey, publisherId, original } = fixture;
        const correction = contentHash("correction");

        const timestamp = await fixNextBlockTimestamp();
        await expect(anchorSigned(fixture, newKey, { contentHash: correction, previous: original }))
          .to.emit(registry, "ArticleAnchored")
          .withArgs(correction, publisherId, newKey.address, original, timestamp);
        expect(await registry.successorOf(original)).to.equal(correction);
        expect((await registry.getRecord(original)).signer).to.equal(oldKey.address);
      });
    });
  });

  describe("getRecord", function () {
    it("returns an all-zero record for an article never anchored", async function () {
      const { registry } = await loadFixture(deployRegistryFixture);

      const { signer, blockNumber, timestamp } = await registry.getRecord(contentHash("unknown"));
      expect([signer, blockNumber, timestamp]).to.deep.equal([ZeroAddress, 0n, 0n]);
    });
  });

  describe("successorOf", function () {
    it("returns zero for an article never anchored", async function () {
      const { registry } = await loadFixture(deployRegistryFixture);

      expect(await registry.successorOf(contentHash("unknown"))).to.equal(ZeroHash);
    });
  });

  describe("getRetraction", function () {
    it("returns an all-zero retraction for a version that was not retracted", async function () {
      const { registry, original } = await loadFixture(deployAnchoredArticleFixture);

      for (const hash of [original, contentHash("unknown")]) {
        const { blockNumber, timestamp } = await registry.getRetraction(hash);
        expect([blockNumber, timestamp]).to.deep.equal([0n, 0n]);
      }
    });
  });

  describe("getPublisher", function () {
    it("returns the registered identity", async function () {
      const { registry, publisher, publisherId } = await loadFixture(deployRegistryFixture);

      const { key, revokedAt, name, domain } = await registry.getPublisher(publisherId);
      expect([key, revokedAt, name, domain]).to.deep.equal([publisher.address, 0n, DEMO_PUBLISHER.name, DEMO_PUBLISHER.domain]);
    });

    it("returns an all-zero identity for an id never registered", async function () {
      const { registry } = await loadFixture(deployRegistryFixture);

      const { key, registeredAt, revokedAt, name, domain } = await registry.getPublisher(99n);
      expect([key, registeredAt, revokedAt, name, domain]).to.deep.equal([ZeroAddress, 0n, 0n, "", ""]);
    });
  });

  describe("publisherIdOf", function () {
    it("returns the identity of a registered key", async function () {
      const { registry, publisher, publisherId } = await loadFixture(deployRegistryFixture);

      expect(await registry.publisherIdOf(publisher.address)).to.equal(publisherId);
    });

    it("returns zero for a key never registered", async function () {
      const { registry, other } = await loadFixture(deployRegistryFixture);

      expect(await registry.publisherIdOf(other.address)).to.equal(0n);
    });
  });

  describe("publicationDigest", function () {
    it("equals the EIP-712 hash computed by the protocol module for a first version", async function () {
      const { registry, registryAddress, chainId } = await loadFixture(deployRegistryFixture);
      const publication = { contentHash: contentHash("article"), previous: NO_PREVIOUS };

      expect(await registry.publicationDigest(publication.contentHash, publication.previous)).to.equal(
        TypedDataEncoder.hash(protocolDomain(chainId, registryAddress), PUBLICATION_TYPES, publication),
      );
    });

    it("equals the EIP-712 hash computed by the protocol module for a correction", async function () {
      const { registry, registryAddress, chainId } = await loadFixture(deployRegistryFixture);
      const publication = { contentHash: contentHash("correction"), previous: contentHash("original") };

      expect(await registry.publicationDigest(publication.contentHash, publication.previous)).to.equal(
        TypedDataEncoder.hash(protocolDomain(chainId, registryAddress), PUBLICATION_TYPES, publication),
      );
    });

    it("uses the type hash of the protocol module's Publication type", async function () {
      const { registry } = await loadFixture(deployRegistryFixture);

      expect(await registry.PUBLICATION_TYPEHASH()).to.equal(typehashOf(PUBLICATION_TYPES, "Publication"));
    });

    it("is the digest whose signer the protocol module recovers", async function () {
      const { registryAddress, chainId, publisher } = await loadFixture(deployRegistryFixture);
      const publication = { contentHash: contentHash("article"), previous: NO_PREVIOUS };
      const signature = await signPublication(publisher, registryAddress, chainId, publication);

      expect(recoverPublicationSigner(protocolDomain(chainId, registryAddress), publication, signature)).to.equal(
        publisher.address,
      );
    });
  });

  describe("retractionDigest", function () {
    for (const [name, reason] of [
      ["an ASCII reason", REASON],
      ["a reason in French, hashed as UTF-8", "Le montant était de 700 millions d’euros, et non 600\u00a0: article retiré."],
    ] as const) {
      it(`equals the EIP-712 hash computed by the protocol module for ${name}`, async function () {
        const { registry, registryAddress, chainId } = await loadFixture(deployRegistryFixture);
        const retraction = { contentHash: contentHash("article"), reason };

        expect(await registry.retractionDigest(retraction.contentHash, retraction.reason)).to.equal(
          TypedDataEncoder.hash(protocolDomain(chainId, registryAddress), RETRACTION_TYPES, retraction),
        );
      });
    }

    it("uses the type hash of the protocol module's Retraction type", async function () {
      const { registry } = await loadFixture(deployRegistryFixture);

      expect(await registry.RETRACTION_TYPEHASH()).to.equal(typehashOf(RETRACTION_TYPES, "Retraction"));
    });

    it("is the digest whose signer the protocol module recovers", async function () {
      const { registryAddress, chainId, publisher } = await loadFixture(deployRegistryFixture);
      const retraction = { contentHash: contentHash("article"), reason: REASON };
      const signature = await signRetraction(publisher, registryAddress, chainId, retraction);

      expect(recoverTypedDataSigner(protocolDomain(chainId, registryAddress), RETRACTION_TYPES, retraction, signature)).to.equal(
        publisher.address,
      );
    });
  });

  describe("keyRotationNonce", function () {
    it("is zero for an identity that never rotated, and for an id never registered", async function () {
      const { registry, publisherId } = await loadFixture(deployRegistryFixture);

      expect(await registry.keyRotationNonce(publisherId)).to.equal(0n);
      expect(await registry.keyRotationNonce(99n)).to.equal(0n);
    });

    it("counts the identity's rotations, whoever authorized them", async function () {
      const { registry, registryAddress, chainId, publisher, publisherId, relayer } = await loadFixture(deployRegistryFixture);
      const [second, third] = [freshKey(), freshKey()];
      const signature = await signKeyRotation(publisher, registryAddress, chainId, {
        publisherId: Number(publisherId),
        newKey: second,
        nonce: 0n,
      });

      await registry.connect(relayer).rotatePublisherKey(publisherId, second, signature);
      expect(await registry.keyRotationNonce(publisherId)).to.equal(1n);
      await registry.rotatePublisherKey(publisherId, third, "0x");
      expect(await registry.keyRotationNonce(publisherId)).to.equal(2n);
    });

    it("counts per identity", async function () {
      const { registry, publisherId, other } = await loadFixture(deployRegistryFixture);
      await registry.registerPublisher(other.address, "Other Newsroom", "other.example");

      await registry.rotatePublisherKey(publisherId, freshKey(), "0x");

      expect(await registry.keyRotationNonce(2n)).to.equal(0n);
    });
  });

  describe("keyRotationDigest", function () {
    it("equals the EIP-712 hash computed by the protocol module, with the identity's current nonce", async function () {
      const { registry, registryAddress, chainId, publisherId } = await loadFixture(deployRegistryFixture);
      const domain = protocolDomain(chainId, registryAddress);
      const newKey = freshKey();

      for (const nonce of [0n, 1n]) {
        expect(await registry.keyRotationDigest(publisherId, newKey)).to.equal(
          TypedDataEncoder.hash(domain, KEY_ROTATION_TYPES, { publisherId: Number(publisherId), newKey, nonce }),
        );
        await registry.rotatePublisherKey(publisherId, freshKey(), "0x");
      }
    });

    it("uses the type hash of the protocol module's KeyRotation type", async function () {
      const { registry } = await loadFixture(deployRegistryFixture);

      expect(await registry.KEY_ROTATION_TYPEHASH()).to.equal(typehashOf(KEY_ROTATION_TYPES, "KeyRotation"));
    });

    it("is the digest whose signer the protocol module recovers", async function () {
      const { registryAddress, chainId, publisher, publisherId } = await loadFixture(deployRegistryFixture);
      const rotation = { publisherId: Number(publisherId), newKey: freshKey(), nonce: 0n };
      const signature = await signKeyRotation(publisher, registryAddress, chainId, rotation);

      expect(recoverTypedDataSigner(protocolDomain(chainId, registryAddress), KEY_ROTATION_TYPES, rotation, signature)).to.equal(
        publisher.address,
      );
    });
  });
});
