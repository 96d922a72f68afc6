// The EVM pieces of the test vectors' generators, written from docs/protocol.md and the EIPs it
// cites with @noble/hashes (keccak256) and @noble/curves (secp256k1, RFC 6979): no ethers, no
// module of ours, so that the vectors are a second computation, not a copy of the service's.
//
// The keys are Hardhat's public test keys (mnemonic "test test test test test test test test test
// test test junk"): printed by every Hardhat node, known to everyone, never to hold anything of value.
import { secp256k1 } from "@noble/curves/secp256k1";
import { keccak_256 } from "@noble/hashes/sha3";
import { bytesToHex, hexToBytes, utf8ToBytes } from "@noble/hashes/utils";

export const hex = (bytes: Uint8Array) => `0x${bytesToHex(bytes)}`;
export const keccak = (bytes: Uint8Array) => keccak_256(bytes);
export const unhex = (value: string) => hexToBytes(value.slice(2));
export const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) out.set(part, (at += part.length) - part.length);
  return out;
};
/** One abi.encode word: an unsigned integer, big-endian, left-padded to 32 bytes. */
export const uintWord = (value: bigint) => unhex(`0x${value.toString(16).padStart(64, "0")}`);
export const addressWord = (address: string) => concat(new Uint8Array(12), unhex(address));
export const bytes32Word = (value: string) => unhex(value);

/** EIP-55: each hex letter upper-case when the matching nibble of keccak256(lower-case hex) is 8 or more. */
export function checksum(address: string): string {
  const lower = address.slice(2).toLowerCase();
  const hash = bytesToHex(keccak(utf8ToBytes(lower)));
  return `0x${[...lower].map((c, i) => (parseInt(hash[i]!, 16) >= 8 ? c.toUpperCase() : c)).join("")}`;
}

export const addressOf = (privateKey: string) => checksum(hex(keccak(secp256k1.getPublicKey(unhex(privateKey), false).slice(1)).slice(12)));

/** Hardhat's accounts #1 to #3, and #100 of the same mnemonic, which deploys the registry in the test. */
export const KEYS = {
  account1: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  account2: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  account3: "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  account100: "0xdae4671006c60a3619556ace98eca6f6e092948d05b13070a27ac492a4fba419",
} as const;

/** The address a CREATE by `sender` at nonce 0 gives: keccak256(rlp([sender, 0]))[12:]. */
export const firstContractOf = (sender: string) => checksum(hex(keccak(concat(Uint8Array.of(0xd6, 0x94), unhex(sender), Uint8Array.of(0x80))).slice(12)));

export const HARDHAT_CHAIN = 31337n;
export const REGISTRY = firstContractOf(addressOf(KEYS.account100));

export interface Domain {
  name: string;
  version: string;
  chainId: bigint;
  verifyingContract: string;
}

const DOMAIN_TYPEHASH = keccak(utf8ToBytes("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"));
export const domainSeparator = (d: Domain) =>
  keccak(concat(DOMAIN_TYPEHASH, keccak(utf8ToBytes(d.name)), keccak(utf8ToBytes(d.version)), uintWord(d.chainId), addressWord(d.verifyingContract)));

export type Message = Record<string, string | number | bigint>;
export interface Type {
  signature: string;
  fields: { name: string; type: "bytes32" | "string" | "uint32" | "address" | "uint256" }[];
}
export const TYPES: Record<"Publication" | "Retraction" | "KeyRotation", Type> = {
  Publication: {
    signature: "Publication(bytes32 contentHash,bytes32 previous)",
    fields: [{ name: "contentHash", type: "bytes32" }, { name: "previous", type: "bytes32" }],
  },
  Retraction: {
    signature: "Retraction(bytes32 contentHash,string reason)",
    fields: [{ name: "contentHash", type: "bytes32" }, { name: "reason", type: "string" }],
  },
  KeyRotation: {
    signature: "KeyRotation(uint32 publisherId,address newKey,uint256 nonce)",
    fields: [{ name: "publisherId", type: "uint32" }, { name: "newKey", type: "address" }, { name: "nonce", type: "uint256" }],
  },
};

/** EIP-712 encodeData: each value one word; a string as the keccak256 of its UTF-8 bytes. */
export function structHash(type: Type, message: Message): Uint8Array {
  const words = type.fields.map(({ name, type: kind }) => {
    const value = message[name]!;
    if (kind === "bytes32") return bytes32Word(String(value));
    if (kind === "string") return keccak(utf8ToBytes(String(value)));
    if (kind === "address") return addressWord(String(value));
    return uintWord(BigInt(value));
  });
  return keccak(concat(keccak(utf8ToBytes(type.signature)), ...words));
}

/** EIP-191 personal message hash: keccak256("\x19Ethereum Signed Message:\n" ‖ length ‖ message). */
export const personalMessageHash = (message: string) => {
  const bytes = utf8ToBytes(message);
  return keccak(concat(utf8ToBytes(`\x19Ethereum Signed Message:\n${bytes.length}`), bytes));
};

/** A signature r ‖ s ‖ v with low s and v 27 or 28, the form the registry accepts. */
export function sign(digest: Uint8Array, key: keyof typeof KEYS): string {
  const signature = secp256k1.sign(digest, unhex(KEYS[key]), { lowS: true });
  return hex(concat(signature.toCompactRawBytes(), Uint8Array.of(27 + signature.recovery)));
}

/** The EIP-712 digest of a message of one of the protocol's types under a domain. */
export const typedDataDigest = (domain: Domain, primaryType: keyof typeof TYPES, message: Message) =>
  keccak(concat(Uint8Array.of(0x19, 0x01), domainSeparator(domain), structHash(TYPES[primaryType], message)));

export const ZERO = `0x${"00".repeat(32)}`;

/** The domain of the vectors on a Hardhat chain: the registry account #100 deploys first. */
export const ON_HARDHAT: Domain = { name: "NewsProvenance", version: "1", chainId: HARDHAT_CHAIN, verifyingContract: REGISTRY };
