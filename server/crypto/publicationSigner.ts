import createKeccak from "keccak";
import secp256k1 from "secp256k1";
import { getAddress, getBytes, TypedDataEncoder } from "ethers";
import { hasRegistryForm, PUBLICATION_TYPES, type Hex, type ProtocolDomain, type Publication, type SignatureHex } from "../../protocol";

export const keccak256 = (...parts: Uint8Array[]): Buffer => {
  const hash = createKeccak("keccak256");
  for (const part of parts) hash.update(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
  return hash.digest();
};

/** Bytes of 0x-prefixed hex the schemas already checked; ethers' getBytes re-validates it in JS, per call. */
export const hexBytes = (hex: string): Buffer => Buffer.from(hex.slice(2), "hex");

const EIP712_PREFIX = Uint8Array.of(0x19, 0x01);

/**
 * Recovers publication signers with native secp256k1 and keccak bindings. It computes exactly what
 * ethers' verifyTypedData computes (a property test holds them equal), about ten times faster:
 * signature recovery bounds how many articles a second the service can accept.
 */
export class PublicationSigner {
  private readonly domainSeparator: Uint8Array;
  private readonly typeHash: Uint8Array;
  // Few keys sign many articles: their checksummed spelling (a JS keccak each) is computed once.
  private readonly checksummed = new Map<string, Hex>();

  constructor(domain: ProtocolDomain) {
    this.domainSeparator = getBytes(TypedDataEncoder.hashDomain(domain));
    this.typeHash = keccak256(Buffer.from(TypedDataEncoder.from(PUBLICATION_TYPES).encodeType("Publication")));
  }

  /** The EIP-712 digest of a publication under this domain. */
  digest(publication: Publication): Buffer {
    const structHash = keccak256(this.typeHash, hexBytes(publication.contentHash), hexBytes(publication.previous));
    return keccak256(EIP712_PREFIX, this.domainSeparator, structHash);
  }

  /** The key that signed the publication, or undefined when the signature has not the registry's ECDSA form. */
  recover(publication: Publication, signature: SignatureHex): Hex | undefined {
    if (!hasRegistryForm(signature)) return undefined;
    const bytes = hexBytes(signature);
    try {
      const publicKey = secp256k1.ecdsaRecover(bytes.subarray(0, 64), bytes[64]! - 27, this.digest(publication), false);
      return this.checksum(`0x${keccak256(publicKey.subarray(1)).subarray(12).toString("hex")}`);
    } catch {
      return undefined;
    }
  }

  private checksum(address: string): Hex {
    let spelled = this.checksummed.get(address);
    if (!spelled) {
      spelled = getAddress(address) as Hex;
      if (this.checksummed.size >= 10_000) this.checksummed.clear();
      this.checksummed.set(address, spelled);
    }
    return spelled;
  }
}
