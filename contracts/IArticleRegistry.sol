// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

/// @notice A newsroom's identity: a name and a domain, signing with one key at a time.
struct Publisher {
    // Key that may sign publications now; the zero address for an unknown identity.
    address key;
    // Block timestamp of registration.
    uint48 registeredAt;
    // Block timestamp of revocation by a registrar; zero while the publisher is active.
    uint48 revokedAt;
    // Human-readable name of the newsroom, e.g. "Demo Newsroom".
    string name;
    // Web domain the newsroom publishes under, e.g. "demo.example".
    string domain;
}

/// @notice Where and when one article version was anchored. Packed into a single storage slot.
struct Record {
    // Key that signed the publication. It stays mapped to its publisher identity forever.
    address signer;
    // Number of the block that anchored the article.
    uint48 blockNumber;
    // Timestamp of the block that anchored the article.
    uint48 timestamp;
}

/// @notice When an article version was retracted by its publisher. The reason is in the event.
struct Retraction {
    // Number of the block that recorded the retraction; zero when the version is not retracted.
    uint48 blockNumber;
    // Timestamp of that block.
    uint48 timestamp;
}

/// @notice When a key was its identity's current key: from the block that registered or rotated it in,
/// until the block that rotated it out. "At block B" means after every transaction of block B.
struct KeyPeriod {
    // Number of the block from which the key signs for its identity; zero for a key never registered.
    uint48 from;
    // Number of the block from which it no longer does; zero while it is the current key.
    uint48 until;
}

/// @notice A Merkle root of publisher-signed publications, anchored in one transaction by a relayer.
struct Batch {
    // Number of the block that anchored the root; zero for an unknown root.
    uint48 blockNumber;
    // Timestamp of that block.
    uint48 timestamp;
    // How many leaves the tree has, as the relayer declared it.
    uint32 count;
}

/// @notice A leaf of an anchored batch with what proves it: the batch's root and the leaf's Merkle
/// proof. A batch leaf is a first version, so its `previous` is zero and not given.
struct ProvenBatchLeaf {
    // Root of the batch that holds the leaf.
    bytes32 root;
    // The leaf's StandardMerkleTree proof, from the leaf up.
    bytes32[] proof;
    // Content hash of the version the leaf anchors.
    bytes32 contentHash;
    // The key that signed it.
    address publisher;
    // Its signature of `Publication(contentHash, 0)`.
    bytes signature;
}

/**
 * @title IArticleRegistry
 * @notice Anchors the content hashes of news articles signed by registered publishers, so that
 * anyone can later prove who published exactly this text and when.
 *
 * A publication is the EIP-712 message `Publication(bytes32 contentHash, bytes32 previous)` signed
 * by the publisher's key under the domain `{name: "NewsProvenance", version: "1", chainId,
 * verifyingContract}`. `previous` is the content hash of the version this one corrects, or zero.
 * Versions form one chain per article: a correction must extend the latest, unretracted version of
 * an article of the same publisher identity.
 *
 * A publisher retracts a version by signing `Retraction(bytes32 contentHash, string reason)` and
 * moves its identity to a new key by signing `KeyRotation(uint32 publisherId, address newKey,
 * uint256 nonce)`, both under the same domain, so that a relayer can submit them for it.
 * Batches: a relayer anchors the root of an OpenZeppelin StandardMerkleTree whose leaves are
 * `(bytes32 contentHash, address publisher, bytes32 previous, bytes signature)`, leaf hash
 * `keccak256(bytes.concat(keccak256(abi.encode(contentHash, publisher, previous, signature))))`.
 * A batch leaf is always a first version (`previous` zero): corrections are anchored one by one, so
 * that every correction passes the one-history check. The registry cannot see the leaves when
 * their root is anchored; anyone may later record one by its proof (`recordBatchLeaf`), which
 * checks on chain what `anchor` checks, and from then on the version is corrected and retracted as
 * a directly anchored one is. A correction of a leaf nobody recorded may instead prove the leaf in
 * the same call (`anchorBatchLeafCorrection`), under the same checks. See docs/protocol.md for how the content hash of an article is computed.
 *
 * Roles are OpenZeppelin AccessControl's: `DEFAULT_ADMIN_ROLE` grants and revokes the others,
 * `REGISTRAR_ROLE` registers and revokes publishers, `RELAYER_ROLE` anchors batches.
 */
interface IArticleRegistry is IAccessControl {
    /// @notice A publisher identity id that was never registered.
    error UnknownPublisher(uint32 publisherId);
    /// @notice The key is the zero address.
    error InvalidPublisherKey(address key);
    /// @notice The key already belongs to a publisher identity; a key serves one identity only.
    error PublisherKeyAlreadyRegistered(address key, uint32 publisherId);
    /// @notice The name or the domain of a publisher is empty.
    error EmptyPublisherField();
    /// @notice The publisher identity was already revoked.
    error PublisherAlreadyRevoked(uint32 publisherId);
    /// @notice The content hash is zero.
    error ZeroContentHash();
    /// @notice The article was anchored before.
    error ArticleAlreadyAnchored(bytes32 contentHash);
    /// @notice The key is not the current key of any active publisher.
    error PublisherNotActive(address key);
    /// @notice The signature is not the publisher's signature of this publication.
    error InvalidPublicationSignature(address publisher);
    /// @notice The version being corrected was never anchored.
    error PreviousNotAnchored(bytes32 previous);
    /// @notice The version being corrected belongs to another publisher identity.
    error PreviousFromAnotherPublisher(bytes32 previous, uint32 publisherId);
    /// @notice The version being corrected was already corrected: an article has one history.
    error PreviousAlreadySuperseded(bytes32 previous, bytes32 successor);
    /// @notice The version being corrected was retracted: a retraction ends an article's history.
    error PreviousRetracted(bytes32 previous);
    /// @notice The article version was never anchored.
    error ArticleNotAnchored(bytes32 contentHash);
    /// @notice The article version was already retracted.
    error ArticleAlreadyRetracted(bytes32 contentHash);
    /// @notice A retraction must give a reason.
    error EmptyRetractionReason();
    /// @notice The signature is not the retraction of this version by its publisher's current key.
    error InvalidRetractionSignature(bytes32 contentHash);
    /// @notice The publisher identity is revoked: it can no longer act.
    error PublisherIsRevoked(uint32 publisherId);
    /// @notice The Merkle root is zero.
    error ZeroBatchRoot();
    /// @notice A batch must hold at least one leaf.
    error EmptyBatch();
    /// @notice The Merkle root was anchored before.
    error BatchAlreadyAnchored(bytes32 root);
    /// @notice The caller is not a registrar, not the identity's current key, and brought no valid signature of it.
    error UnauthorizedKeyRotation(uint32 publisherId, address caller);
    /// @notice The Merkle root was never anchored.
    error UnknownBatch(bytes32 root);
    /// @notice The proof does not lead from this leaf (a first version: `previous` zero) to the root.
    error InvalidBatchProof(bytes32 root, bytes32 contentHash);
    /// @notice The key was not an active identity's current key at the batch's block.
    error PublisherNotActiveAtBatch(address publisher, bytes32 root);

    /// @notice A registrar registered a publisher identity with its first key.
    /// @param publisherId the new identity's id
    /// @param key its first signing key
    /// @param name human-readable name of the newsroom
    /// @param domain web domain of the newsroom
    event PublisherRegistered(uint32 indexed publisherId, address indexed key, string name, string domain);
    /// @notice A registrar revoked a publisher identity. Articles anchored before stay valid.
    /// @param publisherId the revoked identity
    /// @param revokedAt timestamp of the revoking block
    event PublisherRevoked(uint32 indexed publisherId, uint48 revokedAt);
    /// @notice A publisher identity moved to a new signing key. The previous key can no longer sign.
    /// @param publisherId the identity
    /// @param previousKey the key it signed with until now
    /// @param newKey the key it signs with from now on
    event PublisherKeyRotated(uint32 indexed publisherId, address indexed previousKey, address indexed newKey);
    /// @notice A publisher retracted one of its article versions.
    /// @param contentHash content hash of the retracted version
    /// @param publisherId publisher identity that retracted it
    /// @param reason the publisher's reason, for readers
    /// @param timestamp timestamp of the retracting block
    event ArticleRetracted(bytes32 indexed contentHash, uint32 indexed publisherId, string reason, uint48 timestamp);
    /// @notice A relayer anchored the Merkle root of a batch of publications.
    /// @param root the tree's root
    /// @param count how many leaves the tree has
    /// @param timestamp timestamp of the anchoring block
    event BatchAnchored(bytes32 indexed root, uint32 count, uint48 timestamp);
    /// @notice A leaf of an anchored batch was recorded as the version it proves, dated by its batch.
    /// @param contentHash content hash of the version
    /// @param root the batch that anchored it
    /// @param publisherId publisher identity that signed it
    /// @param signer key that signed it
    event BatchLeafRecorded(bytes32 indexed contentHash, bytes32 indexed root, uint32 indexed publisherId, address signer);
    /// @notice An article version was anchored.
    /// @param contentHash sha2-256 of the article's canonical bytes
    /// @param publisherId publisher identity that signed it
    /// @param signer key that signed it
    /// @param previous content hash of the corrected version, or zero
    /// @param timestamp timestamp of the anchoring block
    event ArticleAnchored(
        bytes32 indexed contentHash,
        uint32 indexed publisherId,
        address indexed signer,
        bytes32 previous,
        uint48 timestamp
    );

    /**
     * @notice Registers a publisher identity with its signing key. Restricted to registrars.
     * @param key address that signs the publisher's publications (an EOA or an ERC-1271 contract)
     * @param name human-readable name of the newsroom
     * @param domain web domain of the newsroom
     * @return publisherId the new identity's id, counting from 1
     */
    function registerPublisher(address key, string calldata name, string calldata domain)
        external
        returns (uint32 publisherId);

    /**
     * @notice Revokes a publisher identity, so that its key can no longer anchor. Restricted to registrars.
     * Articles it anchored before stay on record.
     * @param publisherId identity to revoke
     */
    function revokePublisher(uint32 publisherId) external;

    /**
     * @notice Moves a publisher identity to a new signing key, keeping its name, domain and history.
     * With an empty signature, only a registrar or the identity's current key may call. With a
     * signature, anyone may relay it, and it must be the current key's signature of
     * `KeyRotation(publisherId, newKey, keyRotationNonce(publisherId))` whoever the caller is.
     * @param publisherId identity to rotate
     * @param newKey the new signing key, never registered before
     * @param signature the current key's signature, or empty when a registrar or the key itself calls
     */
    function rotatePublisherKey(uint32 publisherId, address newKey, bytes calldata signature) external;

    /**
     * @notice Retracts an article version, signed by its publisher identity's current key. Anyone may relay it.
     * @param contentHash content hash of the version to retract
     * @param reason why it is retracted, for readers; not empty
     * @param signature the publisher's signature of `Retraction(contentHash, reason)`
     */
    function retract(bytes32 contentHash, string calldata reason, bytes calldata signature) external;

    /**
     * @notice Anchors an article version signed by an active publisher. Anyone may relay it: the
     * registry checks the publisher's EIP-712 signature itself.
     * @param contentHash sha2-256 of the article's canonical bytes
     * @param previous content hash of the version this one corrects, or zero for a first version
     * @param publisher current key of an active publisher
     * @param signature the publisher's signature of `Publication(contentHash, previous)`
     */
    function anchor(bytes32 contentHash, bytes32 previous, address publisher, bytes calldata signature) external;

    /**
     * @notice Anchors the Merkle root of a batch of publisher-signed publications. Restricted to relayers.
     * @param root root of the StandardMerkleTree of the batch's leaves
     * @param count how many leaves the tree has
     */
    function anchorBatch(bytes32 root, uint32 count) external;

    /**
     * @notice Records a leaf of an anchored batch as the version it proves, with the batch's block and
     * time, so that it can be corrected and retracted like a directly anchored version. Anyone may
     * call. The leaf must be a first version whose proof leads to the root, and it must pass, on
     * chain, the checks `anchor` makes: the publisher's signature, a key that was its identity's
     * current key at the batch's block, an identity not revoked, a content hash not recorded before.
     * @param root the batch's Merkle root
     * @param proof the leaf's Merkle proof
     * @param contentHash content hash of the article version
     * @param publisher the publisher's key that signed it
     * @param signature the publisher's signature of `Publication(contentHash, 0)`
     */
    function recordBatchLeaf(
        bytes32 root,
        bytes32[] calldata proof,
        bytes32 contentHash,
        address publisher,
        bytes calldata signature
    ) external;

    /**
     * @notice Anchors a correction of a batched version, proving the corrected version by its leaf
     * instead of recording it: the checks of `recordBatchLeaf` on the leaf, then those of `anchor`
     * on the correction, without the corrected version's record, so that a correction of a batched
     * version costs about what a direct one does. The corrected leaf then has a successor and no
     * record; recording it later remains possible (to retract it). When the corrected version is
     * recorded already, its proof is not read and `anchor`'s checks apply as they are. Anyone may relay it.
     * @param contentHash sha2-256 of the correction's canonical bytes
     * @param publisher current key of an active publisher, of the same identity as the leaf's key
     * @param signature the publisher's signature of `Publication(contentHash, previous.contentHash)`
     * @param previous the corrected version, a leaf of an anchored batch, with its proof
     */
    function anchorBatchLeafCorrection(
        bytes32 contentHash,
        address publisher,
        bytes calldata signature,
        ProvenBatchLeaf calldata previous
    ) external;

    /**
     * @notice Reads when a key was its identity's current key.
     * @param key signing key
     * @return period the blocks it signed from and until, all zero for a key never registered
     */
    function keyPeriod(address key) external view returns (KeyPeriod memory period);

    /**
     * @notice Role that registers and revokes publishers and may rotate their keys.
     * @return role keccak256("REGISTRAR_ROLE")
     */
    function REGISTRAR_ROLE() external view returns (bytes32 role);

    /**
     * @notice Role that anchors batches, whose leaves the registry cannot check when they land.
     * @return role keccak256("RELAYER_ROLE")
     */
    function RELAYER_ROLE() external view returns (bytes32 role);

    /**
     * @notice Reads an anchored batch.
     * @param root the batch's Merkle root
     * @return batch the batch, all zero when the root was never anchored
     */
    function getBatch(bytes32 root) external view returns (Batch memory batch);

    /**
     * @notice Checks that a publication is a leaf of an anchored batch. It does not check the
     * publisher's signature or status: verifiers do, at the batch's block.
     * @param root the batch's Merkle root
     * @param proof the leaf's Merkle proof
     * @param contentHash content hash of the article version
     * @param publisher the publisher's key that signed it
     * @param previous content hash of the corrected version, or zero
     * @param signature the publisher's signature of the publication
     * @return included true when the root is anchored and the proof leads from the leaf to it
     */
    function isBatchLeaf(
        bytes32 root,
        bytes32[] calldata proof,
        bytes32 contentHash,
        address publisher,
        bytes32 previous,
        bytes calldata signature
    ) external view returns (bool included);

    /**
     * @notice Reads the record of an article version.
     * @param contentHash content hash of the version
     * @return record the record, all zero when the version was never anchored
     */
    function getRecord(bytes32 contentHash) external view returns (Record memory record);

    /**
     * @notice Reads the version that corrects an article version.
     * @param contentHash content hash of the version
     * @return successor content hash of the correcting version, or zero when there is none
     */
    function successorOf(bytes32 contentHash) external view returns (bytes32 successor);

    /**
     * @notice Reads the retraction of an article version.
     * @param contentHash content hash of the version
     * @return retraction when it was retracted, all zero when it was not
     */
    function getRetraction(bytes32 contentHash) external view returns (Retraction memory retraction);

    /**
     * @notice Reads a publisher identity.
     * @param publisherId identity id
     * @return publisher the identity, all zero when it was never registered
     */
    function getPublisher(uint32 publisherId) external view returns (Publisher memory publisher);

    /**
     * @notice Finds the publisher identity a key belongs to, or belonged to.
     * @param key signing key
     * @return publisherId the identity id, or zero when the key was never registered
     */
    function publisherIdOf(address key) external view returns (uint32 publisherId);

    /**
     * @notice Computes the EIP-712 digest a publisher signs for a publication.
     * @param contentHash content hash of the article version
     * @param previous content hash of the corrected version, or zero
     * @return digest the typed-data hash
     */
    function publicationDigest(bytes32 contentHash, bytes32 previous) external view returns (bytes32 digest);

    /**
     * @notice Computes the EIP-712 digest a publisher signs to retract a version.
     * @param contentHash content hash of the version
     * @param reason the reason given
     * @return digest the typed-data hash
     */
    function retractionDigest(bytes32 contentHash, string calldata reason) external view returns (bytes32 digest);

    /**
     * @notice Counts the key rotations of a publisher identity: the nonce its next KeyRotation signs.
     * @param publisherId identity id
     * @return nonce the number of rotations so far
     */
    function keyRotationNonce(uint32 publisherId) external view returns (uint256 nonce);

    /**
     * @notice Computes the EIP-712 digest a publisher's current key signs to rotate to `newKey`.
     * @param publisherId identity id
     * @param newKey the new signing key
     * @return digest the typed-data hash, with the identity's current nonce
     */
    function keyRotationDigest(uint32 publisherId, address newKey) external view returns (bytes32 digest);
}
