import { ZeroHash, isHexString, verifyTypedData, type TypedDataDomain, type TypedDataField } from "ethers";
import type { ContentHash, Hex, SignatureHex } from "./types";

/** EIP-712 domain name and version of protocol v1. */
export const DOMAIN_NAME = "NewsProvenance";
export const DOMAIN_VERSION = "1";

/** What a publisher signs: this version's content hash and the one it corrects (or zero). */
export interface Publication {
  contentHash: ContentHash;
  previous: ContentHash;
}

export const PUBLICATION_TYPES: Record<string, TypedDataField[]> = {
  Publication: [
    { name: "contentHash", type: "bytes32" },
    { name: "previous", type: "bytes32" },
  ],
};

/** What a publisher signs to retract one of its versions. */
export interface RetractionMessage {
  contentHash: ContentHash;
  reason: string;
}

export const RETRACTION_TYPES: Record<string, TypedDataField[]> = {
  Retraction: [
    { name: "contentHash", type: "bytes32" },
    { name: "reason", type: "string" },
  ],
};

/** What a publisher's current key signs to hand its identity to a new key. */
export interface KeyRotationMessage {
  publisherId: number;
  newKey: Hex;
  /** The identity's rotation count so far (the registry's keyRotationNonce). */
  nonce: bigint;
}

export const KEY_ROTATION_TYPES: Record<string, TypedDataField[]> = {
  KeyRotation: [
    { name: "publisherId", type: "uint32" },
    { name: "newKey", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
};

/** The previous hash of a first version. */
export const NO_PREVIOUS: ContentHash = ZeroHash as Hex;

export interface ProtocolDomain extends TypedDataDomain {
  name: string;
  version: string;
  chainId: bigint;
  verifyingContract: Hex;
}

export function protocolDomain(chainId: bigint, registry: Hex): ProtocolDomain {
  return { name: DOMAIN_NAME, version: DOMAIN_VERSION, chainId, verifyingContract: registry };
}

/**
 * secp256k1n / 2, the largest `s` the registry accepts (EIP-2: no malleable twin signatures), in
 * the 64 lower-case hex digits `s` has in a signature: of two such spellings, the smaller number
 * is the one first in string order.
 */
const MAX_S_HEX = "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0";

/**
 * Whether the signature has the one form the registry's ECDSA check (OpenZeppelin ECDSA.tryRecover)
 * accepts: 65 bytes r ‖ s ‖ v, v 27 or 28, s in the lower half order. ethers alone would also take
 * the 64-byte EIP-2098 form and v 0, 1 or EIP-155 values, which the registry rejects. Read from
 * the hex itself: every published article is checked here, and parsing bytes and big integers
 * in JavaScript cost more than the rest of the check.
 */
export function hasRegistryForm(signature: string): boolean {
  if (!isHexString(signature, 65)) return false;
  const v = signature.slice(130).toLowerCase();
  return (v === "1b" || v === "1c") && signature.slice(66, 130).toLowerCase() <= MAX_S_HEX;
}

/**
 * The address whose ECDSA key signed the typed message, or undefined when the signature is not an
 * ECDSA signature in the form the registry accepts. A contract signer (ERC-1271) has no key to
 * recover: the registry checks those on chain.
 */
export function recoverTypedDataSigner(
  domain: ProtocolDomain,
  types: Record<string, TypedDataField[]>,
  message: object,
  signature: SignatureHex,
): Hex | undefined {
  if (!hasRegistryForm(signature)) return undefined;
  try {
    return verifyTypedData(domain, types, message as Record<string, unknown>, signature) as Hex;
  } catch {
    return undefined;
  }
}

export const recoverPublicationSigner = (domain: ProtocolDomain, publication: Publication, signature: SignatureHex) =>
  recoverTypedDataSigner(domain, PUBLICATION_TYPES, publication, signature);
