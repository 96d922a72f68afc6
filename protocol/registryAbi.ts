import { id } from "ethers";
import type { Hex } from "./types";

/**
 * The part of the ArticleRegistry's ABI (contracts/IArticleRegistry.sol) that clients read and
 * send: enough to verify receipts, follow the registry's events, and manage roles with nothing
 * but a JSON-RPC endpoint. Written out, so that a client needs no build of the contracts;
 * test/protocol/registryAbi.test.ts holds every fragment equal to the compiled contract's.
 */
export const REGISTRY_ABI = [
  "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
  "function REGISTRAR_ROLE() view returns (bytes32)",
  "function RELAYER_ROLE() view returns (bytes32)",
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "function grantRole(bytes32 role, address account)",
  "function revokeRole(bytes32 role, address account)",
  "function getRecord(bytes32 contentHash) view returns (tuple(address signer, uint48 blockNumber, uint48 timestamp))",
  "function getBatch(bytes32 root) view returns (tuple(uint48 blockNumber, uint48 timestamp, uint32 count))",
  "function isBatchLeaf(bytes32 root, bytes32[] proof, bytes32 contentHash, address publisher, bytes32 previous, bytes signature) view returns (bool)",
  "function successorOf(bytes32 contentHash) view returns (bytes32)",
  "function getRetraction(bytes32 contentHash) view returns (tuple(uint48 blockNumber, uint48 timestamp))",
  "function getPublisher(uint32 publisherId) view returns (tuple(address key, uint48 registeredAt, uint48 revokedAt, string name, string domain))",
  "function publisherIdOf(address key) view returns (uint32)",
  "function keyPeriod(address key) view returns (tuple(uint48 from, uint48 until))",
  "event ArticleAnchored(bytes32 indexed contentHash, uint32 indexed publisherId, address indexed signer, bytes32 previous, uint48 timestamp)",
  "event BatchAnchored(bytes32 indexed root, uint32 count, uint48 timestamp)",
  "event BatchLeafRecorded(bytes32 indexed contentHash, bytes32 indexed root, uint32 indexed publisherId, address signer)",
  "event ArticleRetracted(bytes32 indexed contentHash, uint32 indexed publisherId, string reason, uint48 timestamp)",
  "event PublisherRegistered(uint32 indexed publisherId, address indexed key, string name, string domain)",
  "event PublisherRevoked(uint32 indexed publisherId, uint48 revokedAt)",
  "event PublisherKeyRotated(uint32 indexed publisherId, address indexed previousKey, address indexed newKey)",
  "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
  "event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)",
] as const;

/** DEFAULT_ADMIN_ROLE of OpenZeppelin's AccessControl: it grants and revokes the other roles. */
export const DEFAULT_ADMIN_ROLE = `0x${"00".repeat(32)}` as const;
/** Registers, revokes and rotates publishers: keccak256("REGISTRAR_ROLE"). */
export const REGISTRAR_ROLE = id("REGISTRAR_ROLE") as Hex;
/** Anchors Merkle batches: keccak256("RELAYER_ROLE"). */
export const RELAYER_ROLE = id("RELAYER_ROLE") as Hex;

/** A role id's name as the contract spells it, or the id itself for a role the registry does not define. */
export function registryRoleName(role: string): string {
  const names: Record<string, string> = { [DEFAULT_ADMIN_ROLE]: "DEFAULT_ADMIN_ROLE", [REGISTRAR_ROLE]: "REGISTRAR_ROLE", [RELAYER_ROLE]: "RELAYER_ROLE" };
  return names[role.toLowerCase()] ?? role;
}
