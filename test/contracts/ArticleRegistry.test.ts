import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { TypedDataEncoder, ZeroAddress, ZeroHash, keccak256, toUtf8Bytes } from "ethers";
import {
  NO_PREVIOUS,
  PUBLICATION_TYPES,
  identifyArticle,
  parseArticle,
  protocolDomain,
  recoverPublicationSigner,
  type ContentHash,
  type Hex,
} from "../../server/protocol";
import { DEMO_PUBLISHER, deployRegistryFixture, signPublication } from "../helpers/registry";
import fixtureArticle from "../fixtures/mistral-ai-funding.fr.json";

const ANCHOR_GAS_LIMIT = 75_000n;

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

        await registry.revokePublisher(publisherId);

        expect((await registry.getRecord(original)).signer).to.equal(publisher.address);
        expect(await registry.publisherIdOf(publisher.address)).to.equal(publisherId);
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
      it("anchors the content hash computed by server/protocol and reads it back", async function () {
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

      it("reverts with InvalidPublicationSignature when the signed previous was tampered with", async function () {
        const { registry, registryAddress, chainId, publisher, original } = await loadFixture(deployAnchoredArticleFixture);
        const correction = contentHash("correction");
        const signature = await signPublication(publisher, registryAddress, chainId, { contentHash: correction, previous: NO_PREVIOUS });

        await expect(registry.anchor(correction, original, publisher.address, signature))
          .to.be.revertedWithCustomError(registry, "InvalidPublicationSignature")
          .withArgs(publisher.address);
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
    it("equals the EIP-712 hash computed by server/protocol for a first version", async function () {
      const { registry, registryAddress, chainId } = await loadFixture(deployRegistryFixture);
      const publication = { contentHash: contentHash("article"), previous: NO_PREVIOUS };

      expect(await registry.publicationDigest(publication.contentHash, publication.previous)).to.equal(
        TypedDataEncoder.hash(protocolDomain(chainId, registryAddress), PUBLICATION_TYPES, publication),
      );
    });

    it("equals the EIP-712 hash computed by server/protocol for a correction", async function () {
      const { registry, registryAddress, chainId } = await loadFixture(deployRegistryFixture);
      const publication = { contentHash: contentHash("correction"), previous: contentHash("original") };

      expect(await registry.publicationDigest(publication.contentHash, publication.previous)).to.equal(
        TypedDataEncoder.hash(protocolDomain(chainId, registryAddress), PUBLICATION_TYPES, publication),
      );
    });

    it("uses the type hash of server/protocol's Publication type", async function () {
      const { registry } = await loadFixture(deployRegistryFixture);

      expect(await registry.PUBLICATION_TYPEHASH()).to.equal(
        keccak256(toUtf8Bytes(TypedDataEncoder.from(PUBLICATION_TYPES).encodeType("Publication"))),
      );
    });

    it("is the digest whose signer server/protocol recovers", async function () {
      const { registryAddress, chainId, publisher } = await loadFixture(deployRegistryFixture);
      const publication = { contentHash: contentHash("article"), previous: NO_PREVIOUS };
      const signature = await signPublication(publisher, registryAddress, chainId, publication);

      expect(recoverPublicationSigner(protocolDomain(chainId, registryAddress), publication, signature)).to.equal(
        publisher.address,
      );
    });
  });
});
