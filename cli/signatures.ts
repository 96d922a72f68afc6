import type { BaseWallet } from "ethers";
import {
  KEY_ROTATION_TYPES,
  PUBLICATION_TYPES,
  RETRACTION_TYPES,
  type KeyRotationMessage,
  type ProtocolDomain,
  type Publication,
  type RetractionMessage,
  type SignatureHex,
} from "../server/protocol";

// The three statements a publisher's key signs (docs/protocol.md), all under the registry's domain.
// ethers' signTypedData gives the 65-byte, low-s, v 27/28 form the registry requires.

export const signPublication = async (key: BaseWallet, domain: ProtocolDomain, publication: Publication) =>
  (await key.signTypedData(domain, PUBLICATION_TYPES, publication)) as SignatureHex;

export const signRetraction = async (key: BaseWallet, domain: ProtocolDomain, retraction: RetractionMessage) =>
  (await key.signTypedData(domain, RETRACTION_TYPES, retraction)) as SignatureHex;

export const signKeyRotation = async (key: BaseWallet, domain: ProtocolDomain, rotation: KeyRotationMessage) =>
  (await key.signTypedData(domain, KEY_ROTATION_TYPES, rotation)) as SignatureHex;
