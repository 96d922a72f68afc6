// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Multicall} from "@openzeppelin/contracts/utils/Multicall.sol";
import {Batch, IArticleRegistry, KeyPeriod, ProvenBatchLeaf, Publisher, Record, Retraction} from "./IArticleRegistry.sol";

/// @title ArticleRegistry
/// @notice Registry of news articles anchored by their content hash. See {IArticleRegistry}.
/// Multicall lets one transaction record a batch leaf and retract it.
contract ArticleRegistry is IArticleRegistry, AccessControl, EIP712, Multicall {
    /// @notice Role of the accounts that register and revoke publishers.
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");

    /// @notice Role of the accounts that anchor batches, whose leaves the registry cannot check.
    bytes32 public constant RELAYER_ROLE = keccak256("RELAYER_ROLE");

    /// @notice EIP-712 type hash of a publication.
    bytes32 public constant PUBLICATION_TYPEHASH = keccak256("Publication(bytes32 contentHash,bytes32 previous)");

    /// @notice EIP-712 type hash of a retraction.
    bytes32 public constant RETRACTION_TYPEHASH = keccak256("Retraction(bytes32 contentHash,string reason)");

    /// @notice EIP-712 type hash of a key rotation.
    bytes32 public constant KEY_ROTATION_TYPEHASH =
        keccak256("KeyRotation(uint32 publisherId,address newKey,uint256 nonce)");

    mapping(bytes32 contentHash => Record) private _records;
    mapping(bytes32 contentHash => bytes32 successor) private _successors;
    mapping(uint32 publisherId => Publisher) private _publishers;
    mapping(address key => uint32 publisherId) private _publisherIds;
    mapping(bytes32 contentHash => Retraction) private _retractions;
    mapping(uint32 publisherId => uint256 rotations) private _keyRotationNonces;
    mapping(bytes32 root => Batch) private _batches;
    mapping(address key => KeyPeriod) private _keyPeriods;
    uint32 private _publisherCount;

    /// @notice Deploys the registry with one account holding every role; it can grant them to others.
    /// @param admin account granted the admin, registrar and relayer roles
    constructor(address admin) EIP712("NewsProvenance", "1") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(REGISTRAR_ROLE, admin);
        _grantRole(RELAYER_ROLE, admin);
    }

    /// @inheritdoc IArticleRegistry
    function registerPublisher(address key, string calldata name, string calldata domain)
        external
        onlyRole(REGISTRAR_ROLE)
        returns (uint32 publisherId)
    {
        _checkNewKey(key);
        if (bytes(name).length == 0 || bytes(domain).length == 0) revert EmptyPublisherField();

        publisherId = ++_publisherCount;
        _publishers[publisherId] =
            Publisher({key: key, registeredAt: uint48(block.timestamp), revokedAt: 0, name: name, domain: domain});
        _publisherIds[key] = publisherId;
        _keyPeriods[key] = KeyPeriod({from: uint48(block.number), until: 0});
        emit PublisherRegistered(publisherId, key, name, domain);
    }

    /// @inheritdoc IArticleRegistry
    function revokePublisher(uint32 publisherId) external onlyRole(REGISTRAR_ROLE) {
        Publisher storage publisher = _publishers[publisherId];
        if (publisher.key == address(0)) revert UnknownPublisher(publisherId);
        if (publisher.revokedAt != 0) revert PublisherAlreadyRevoked(publisherId);

        uint48 revokedAt = uint48(block.timestamp);
        publisher.revokedAt = revokedAt;
        emit PublisherRevoked(publisherId, revokedAt);
    }

    /// @inheritdoc IArticleRegistry
    function rotatePublisherKey(uint32 publisherId, address newKey, bytes calldata signature) external {
        Publisher storage publisher = _publishers[publisherId];
        address currentKey = publisher.key;
        if (currentKey == address(0)) revert UnknownPublisher(publisherId);
        if (publisher.revokedAt != 0) revert PublisherIsRevoked(publisherId);
        _checkNewKey(newKey);
        // A signature, once given, must be valid whoever relays it: a relayer that is also a
        // registrar must not turn a bad signature into a registrar's rotation.
        bool authorized = signature.length == 0
            ? hasRole(REGISTRAR_ROLE, msg.sender) || msg.sender == currentKey
            : SignatureChecker.isValidSignatureNowCalldata(currentKey, keyRotationDigest(publisherId, newKey), signature);
        if (!authorized) revert UnauthorizedKeyRotation(publisherId, msg.sender);

        ++_keyRotationNonces[publisherId];
        publisher.key = newKey;
        _publisherIds[newKey] = publisherId;
        _keyPeriods[currentKey].until = uint48(block.number);
        _keyPeriods[newKey] = KeyPeriod({from: uint48(block.number), until: 0});
        emit PublisherKeyRotated(publisherId, currentKey, newKey);
    }

    /// @inheritdoc IArticleRegistry
    function retract(bytes32 contentHash, string calldata reason, bytes calldata signature) external {
        address signer = _records[contentHash].signer;
        if (signer == address(0)) revert ArticleNotAnchored(contentHash);
        if (_retractions[contentHash].blockNumber != 0) revert ArticleAlreadyRetracted(contentHash);
        if (bytes(reason).length == 0) revert EmptyRetractionReason();
        uint32 publisherId = _publisherIds[signer];
        Publisher storage publisher = _publishers[publisherId];
        if (publisher.revokedAt != 0) revert PublisherIsRevoked(publisherId);
        if (!SignatureChecker.isValidSignatureNowCalldata(publisher.key, retractionDigest(contentHash, reason), signature)) {
            revert InvalidRetractionSignature(contentHash);
        }

        uint48 timestamp = uint48(block.timestamp);
        _retractions[contentHash] = Retraction({blockNumber: uint48(block.number), timestamp: timestamp});
        emit ArticleRetracted(contentHash, publisherId, reason, timestamp);
    }

    /// @inheritdoc IArticleRegistry
    function anchor(bytes32 contentHash, bytes32 previous, address publisher, bytes calldata signature) external {
        if (contentHash == bytes32(0)) revert ZeroContentHash();
        if (_records[contentHash].signer != address(0)) revert ArticleAlreadyAnchored(contentHash);
        uint32 publisherId = _activePublisherId(publisher);
        if (previous != bytes32(0)) _checkCorrectable(previous, publisherId);
        if (!SignatureChecker.isValidSignatureNowCalldata(publisher, publicationDigest(contentHash, previous), signature)) {
            revert InvalidPublicationSignature(publisher);
        }

        uint48 timestamp = uint48(block.timestamp);
        _records[contentHash] = Record({signer: publisher, blockNumber: uint48(block.number), timestamp: timestamp});
        if (previous != bytes32(0)) _successors[previous] = contentHash;
        emit ArticleAnchored(contentHash, publisherId, publisher, previous, timestamp);
    }

    /// @inheritdoc IArticleRegistry
    function anchorBatch(bytes32 root, uint32 count) external onlyRole(RELAYER_ROLE) {
        if (root == bytes32(0)) revert ZeroBatchRoot();
        if (count == 0) revert EmptyBatch();
        if (_batches[root].blockNumber != 0) revert BatchAlreadyAnchored(root);

        uint48 timestamp = uint48(block.timestamp);
        _batches[root] = Batch({blockNumber: uint48(block.number), timestamp: timestamp, count: count});
        emit BatchAnchored(root, count, timestamp);
    }

    /// @inheritdoc IArticleRegistry
    function recordBatchLeaf(
        bytes32 root,
        bytes32[] calldata proof,
        bytes32 contentHash,
        address publisher,
        bytes calldata signature
    ) external {
        if (contentHash == bytes32(0)) revert ZeroContentHash();
        if (_records[contentHash].signer != address(0)) revert ArticleAlreadyAnchored(contentHash);
        (uint32 publisherId, Batch storage batch) = _checkBatchLeaf(root, proof, contentHash, publisher, signature);

        _records[contentHash] = Record({signer: publisher, blockNumber: batch.blockNumber, timestamp: batch.timestamp});
        emit BatchLeafRecorded(contentHash, root, publisherId, publisher);
    }

    /// @inheritdoc IArticleRegistry
    function anchorBatchLeafCorrection(
        bytes32 contentHash,
        address publisher,
        bytes calldata signature,
        ProvenBatchLeaf calldata previous
    ) external {
        if (contentHash == bytes32(0)) revert ZeroContentHash();
        if (_records[contentHash].signer != address(0)) revert ArticleAlreadyAnchored(contentHash);
        uint32 publisherId = _activePublisherId(publisher);
        bytes32 previousHash = previous.contentHash;
        if (_records[previousHash].signer != address(0)) {
            _checkCorrectable(previousHash, publisherId);
        } else {
            // Proven rather than recorded: only a record can be retracted, so an unrecorded leaf is not,
            // and its one history is kept by its successor alone.
            (uint32 leafPublisherId,) =
                _checkBatchLeaf(previous.root, previous.proof, previousHash, previous.publisher, previous.signature);
            if (leafPublisherId != publisherId) revert PreviousFromAnotherPublisher(previousHash, publisherId);
            bytes32 successor = _successors[previousHash];
            if (successor != bytes32(0)) revert PreviousAlreadySuperseded(previousHash, successor);
        }
        if (!SignatureChecker.isValidSignatureNowCalldata(publisher, publicationDigest(contentHash, previousHash), signature)) {
            revert InvalidPublicationSignature(publisher);
        }

        uint48 timestamp = uint48(block.timestamp);
        _records[contentHash] = Record({signer: publisher, blockNumber: uint48(block.number), timestamp: timestamp});
        _successors[previousHash] = contentHash;
        emit ArticleAnchored(contentHash, publisherId, publisher, previousHash, timestamp);
    }

    /// @inheritdoc IArticleRegistry
    function keyPeriod(address key) external view returns (KeyPeriod memory) {
        return _keyPeriods[key];
    }

    /// @inheritdoc IArticleRegistry
    function getBatch(bytes32 root) external view returns (Batch memory) {
        return _batches[root];
    }

    /// @inheritdoc IArticleRegistry
    function isBatchLeaf(
        bytes32 root,
        bytes32[] calldata proof,
        bytes32 contentHash,
        address publisher,
        bytes32 previous,
        bytes calldata signature
    ) external view returns (bool) {
        if (_batches[root].blockNumber == 0) return false;
        return MerkleProof.verifyCalldata(proof, root, _batchLeafHash(contentHash, publisher, previous, signature));
    }

    /// @inheritdoc IArticleRegistry
    function getRecord(bytes32 contentHash) external view returns (Record memory) {
        return _records[contentHash];
    }

    /// @inheritdoc IArticleRegistry
    function successorOf(bytes32 contentHash) external view returns (bytes32) {
        return _successors[contentHash];
    }

    /// @inheritdoc IArticleRegistry
    function getRetraction(bytes32 contentHash) external view returns (Retraction memory) {
        return _retractions[contentHash];
    }

    /// @inheritdoc IArticleRegistry
    function getPublisher(uint32 publisherId) external view returns (Publisher memory) {
        return _publishers[publisherId];
    }

    /// @inheritdoc IArticleRegistry
    function publisherIdOf(address key) external view returns (uint32) {
        return _publisherIds[key];
    }

    /// @inheritdoc IArticleRegistry
    function publicationDigest(bytes32 contentHash, bytes32 previous) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(PUBLICATION_TYPEHASH, contentHash, previous)));
    }

    /// @inheritdoc IArticleRegistry
    function retractionDigest(bytes32 contentHash, string calldata reason) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(RETRACTION_TYPEHASH, contentHash, keccak256(bytes(reason)))));
    }

    /// @inheritdoc IArticleRegistry
    function keyRotationNonce(uint32 publisherId) external view returns (uint256) {
        return _keyRotationNonces[publisherId];
    }

    /// @inheritdoc IArticleRegistry
    function keyRotationDigest(uint32 publisherId, address newKey) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(abi.encode(KEY_ROTATION_TYPEHASH, publisherId, newKey, _keyRotationNonces[publisherId]))
        );
    }

    /// @dev The StandardMerkleTree leaf hash of a publication: the double hash keeps a leaf from passing for an inner node.
    function _batchLeafHash(bytes32 contentHash, address publisher, bytes32 previous, bytes calldata signature)
        private
        pure
        returns (bytes32)
    {
        return keccak256(bytes.concat(keccak256(abi.encode(contentHash, publisher, previous, signature))));
    }

    /// @dev What makes a batch leaf a version of its publisher: its root anchored, its proof, a key that
    /// was its identity's current key at the batch's block, an identity not revoked, its signature.
    function _checkBatchLeaf(
        bytes32 root,
        bytes32[] calldata proof,
        bytes32 contentHash,
        address publisher,
        bytes calldata signature
    ) private view returns (uint32 publisherId, Batch storage batch) {
        batch = _batches[root];
        uint48 batchBlock = batch.blockNumber;
        if (batchBlock == 0) revert UnknownBatch(root);
        if (!MerkleProof.verifyCalldata(proof, root, _batchLeafHash(contentHash, publisher, bytes32(0), signature))) {
            revert InvalidBatchProof(root, contentHash);
        }
        if (!_wasCurrentKeyAt(_keyPeriods[publisher], batchBlock)) revert PublisherNotActiveAtBatch(publisher, root);
        publisherId = _publisherIds[publisher];
        // A revoked identity can neither correct nor retract: its leaves serve nothing.
        if (_publishers[publisherId].revokedAt != 0) revert PublisherIsRevoked(publisherId);
        if (!SignatureChecker.isValidSignatureNowCalldata(publisher, publicationDigest(contentHash, bytes32(0)), signature)) {
            revert InvalidPublicationSignature(publisher);
        }
    }

    /// @dev Whether the key signed for its identity after every transaction of the block: registered
    /// or rotated in by then, and not rotated out by then.
    function _wasCurrentKeyAt(KeyPeriod storage period, uint48 blockNumber) private view returns (bool) {
        bool started = period.from != 0 && !(period.from > blockNumber);
        bool ended = period.until != 0 && !(period.until > blockNumber);
        return started && !ended;
    }

    /// @dev A key serves one identity, once: it must be non-zero and never registered before.
    function _checkNewKey(address key) private view {
        if (key == address(0)) revert InvalidPublisherKey(key);
        uint32 existing = _publisherIds[key];
        if (existing != 0) revert PublisherKeyAlreadyRegistered(key, existing);
    }

    /// @dev Returns the identity whose current key is `key`, reverting unless that identity is active.
    function _activePublisherId(address key) private view returns (uint32 publisherId) {
        publisherId = _publisherIds[key];
        Publisher storage publisher = _publishers[publisherId];
        if (publisherId == 0 || publisher.key != key || publisher.revokedAt != 0) revert PublisherNotActive(key);
    }

    /// @dev A correction must extend the latest, unretracted version of one of its own publisher's articles.
    function _checkCorrectable(bytes32 previous, uint32 publisherId) private view {
        address previousSigner = _records[previous].signer;
        if (previousSigner == address(0)) revert PreviousNotAnchored(previous);
        if (_publisherIds[previousSigner] != publisherId) revert PreviousFromAnotherPublisher(previous, publisherId);
        bytes32 successor = _successors[previous];
        if (successor != bytes32(0)) revert PreviousAlreadySuperseded(previous, successor);
        if (_retractions[previous].blockNumber != 0) revert PreviousRetracted(previous);
    }
}
