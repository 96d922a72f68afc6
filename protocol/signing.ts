import { KEY_ROTATION_TYPES, PUBLICATION_TYPES, RETRACTION_TYPES, type KeyRotationMessage, type ProtocolDomain, type Publication, type RetractionMessage } from "./eip712";
import type { SignatureHex } from "./types";

/** What signs typed data: an ethers Signer or Wallet, or any wallet with the same method. */
export interface TypedDataSigner {
  signTypedData(domain: ProtocolDomain, types: Record<string, { name: string; type: string }[]>, value: Record<string, unknown>): Promise<string>;
}

// The three statements a publisher's key signs (docs/protocol.md, sections 5, 8 and 9), all under
// the registry's domain. ethers' signTypedData gives the 65-byte, low-s, v 27/28 form the registry
// requires.

export const signPublication = async (key: TypedDataSigner, domain: ProtocolDomain, publication: Publication) =>
  (await key.signTypedData(domain, PUBLICATION_TYPES, { ...publication })) as SignatureHex;

export const signRetraction = async (key: TypedDataSigner, domain: ProtocolDomain, retraction: RetractionMessage) =>
  (await key.signTypedData(domain, RETRACTION_TYPES, { ...retraction })) as SignatureHex;

export const signKeyRotation = async (key: TypedDataSigner, domain: ProtocolDomain, rotation: KeyRotationMessage) =>
  (await key.signTypedData(domain, KEY_ROTATION_TYPES, { ...rotation })) as SignatureHex;
