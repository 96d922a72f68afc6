// Writes docs/test-vectors/eip712.json: Publication, Retraction and KeyRotation digests and
// signatures of protocol v1 (docs/protocol.md sections 5, 8 and 9).
//
//   npx ts-node scripts/vectors/eip712.ts
//
// Computed from the document's formulas with @noble/hashes (keccak256) and @noble/curves
// (secp256k1, RFC 6979), with abi.encode written out by hand: neither ethers, which the service
// signs and recovers with, nor any module of ours. test/server/protocol/eip712Vectors.test.ts then
// checks every digest against ethers, the protocol module and the registry contract itself.
//
// The keys are Hardhat's public test keys (mnemonic "test test test test test test test test test
// test test junk"): printed by every Hardhat node, known to everyone, never to hold anything of value.
import fs from "node:fs";
import path from "node:path";
import { secp256k1 } from "@noble/curves/secp256k1";
import { keccak_256 } from "@noble/hashes/sha3";
import { bytesToHex, hexToBytes, utf8ToBytes } from "@noble/hashes/utils";

const OUT = path.join(__dirname, "..", "..", "docs", "test-vectors", "eip712.json");

const hex = (bytes: Uint8Array) => `0x${bytesToHex(bytes)}`;
const keccak = (bytes: Uint8Array) => keccak_256(bytes);
const unhex = (value: string) => hexToBytes(value.slice(2));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) out.set(part, (at += part.length) - part.length);
  return out;
};
/** One abi.encode word: an unsigned integer, big-endian, left-padded to 32 bytes. */
const uintWord = (value: bigint) => unhex(`0x${value.toString(16).padStart(64, "0")}`);
const addressWord = (address: string) => concat(new Uint8Array(12), unhex(address));
const bytes32Word = (value: string) => unhex(value);

/** EIP-55: each hex letter upper-case when the matching nibble of keccak256(lower-case hex) is 8 or more. */
function checksum(address: string): string {
  const lower = address.slice(2).toLowerCase();
  const hash = bytesToHex(keccak(utf8ToBytes(lower)));
  return `0x${[...lower].map((c, i) => (parseInt(hash[i]!, 16) >= 8 ? c.toUpperCase() : c)).join("")}`;
}

const addressOf = (privateKey: string) => checksum(hex(keccak(secp256k1.getPublicKey(unhex(privateKey), false).slice(1)).slice(12)));

/** Hardhat's accounts #1 to #3, and #100 of the same mnemonic, which deploys the registry in the test. */
const KEYS = {
  account1: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  account2: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  account3: "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  account100: "0xdae4671006c60a3619556ace98eca6f6e092948d05b13070a27ac492a4fba419",
} as const;

/** The address a CREATE by `sender` at nonce 0 gives: keccak256(rlp([sender, 0]))[12:]. */
const firstContractOf = (sender: string) => checksum(hex(keccak(concat(Uint8Array.of(0xd6, 0x94), unhex(sender), Uint8Array.of(0x80))).slice(12)));

const HARDHAT_CHAIN = 31337n;
const REGISTRY = firstContractOf(addressOf(KEYS.account100));

interface Domain {
  name: string;
  version: string;
  chainId: bigint;
  verifyingContract: string;
}

const DOMAIN_TYPEHASH = keccak(utf8ToBytes("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"));
const domainSeparator = (d: Domain) =>
  keccak(concat(DOMAIN_TYPEHASH, keccak(utf8ToBytes(d.name)), keccak(utf8ToBytes(d.version)), uintWord(d.chainId), addressWord(d.verifyingContract)));

type Message = Record<string, string | number | bigint>;
interface Type {
  signature: string;
  fields: { name: string; type: "bytes32" | "string" | "uint32" | "address" | "uint256" }[];
}
const TYPES: Record<"Publication" | "Retraction" | "KeyRotation", Type> = {
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
function structHash(type: Type, message: Message): Uint8Array {
  const words = type.fields.map(({ name, type: kind }) => {
    const value = message[name]!;
    if (kind === "bytes32") return bytes32Word(String(value));
    if (kind === "string") return keccak(utf8ToBytes(String(value)));
    if (kind === "address") return addressWord(String(value));
    return uintWord(BigInt(value));
  });
  return keccak(concat(keccak(utf8ToBytes(type.signature)), ...words));
}

function vector(name: string, primaryType: keyof typeof TYPES, message: Message, key: keyof typeof KEYS, domain: Domain) {
  const separator = domainSeparator(domain);
  const struct = structHash(TYPES[primaryType], message);
  const digest = keccak(concat(Uint8Array.of(0x19, 0x01), separator, struct));
  // RFC 6979 nonces and low s, the form the registry accepts: r ‖ s ‖ v with v 27 or 28.
  const signature = secp256k1.sign(digest, unhex(KEYS[key]), { lowS: true });
  const rsv = concat(signature.toCompactRawBytes(), Uint8Array.of(27 + signature.recovery));
  const json = (value: string | number | bigint) => (typeof value === "bigint" ? value.toString() : value);
  return {
    name,
    domain: { ...domain, chainId: domain.chainId.toString() },
    primaryType,
    types: { [primaryType]: TYPES[primaryType].fields },
    message: Object.fromEntries(Object.entries(message).map(([k, v]) => [k, json(v)])),
    typeHash: hex(keccak(utf8ToBytes(TYPES[primaryType].signature))),
    domainSeparator: hex(separator),
    structHash: hex(struct),
    digest: hex(digest),
    signer: addressOf(KEYS[key]),
    signature: hex(rsv),
  };
}

const onHardhat: Domain = { name: "NewsProvenance", version: "1", chainId: HARDHAT_CHAIN, verifyingContract: REGISTRY };
const mainnet: Domain = { name: "NewsProvenance", version: "1", chainId: 1n, verifyingContract: "0x000000000000000000000000000000000000dEaD" };
const ZERO = `0x${"00".repeat(32)}`;
// The worked example's two versions (docs/protocol.md section 10).
const FIRST = "0xf07e88f266f90d50969ba023eab90da23309ead2f0ed34bf4294fd7d4b37b5a7";
const SECOND = "0x8aab20a3f47bf264dfc4d5b6e4f0389174a45ee8e4135b86388f171b2daa39d1";
const [account2, account3] = [addressOf(KEYS.account2), addressOf(KEYS.account3)];

const cases = [
  vector("Publication: a first version, previous zero", "Publication", { contentHash: FIRST, previous: ZERO }, "account1", onHardhat),
  vector("Publication: a correction of it", "Publication", { contentHash: SECOND, previous: FIRST }, "account1", onHardhat),
  vector("Publication: every bit of the content hash set", "Publication", { contentHash: `0x${"ff".repeat(32)}`, previous: ZERO }, "account2", onHardhat),
  vector("Publication: the same message on chain 1 and another registry", "Publication", { contentHash: FIRST, previous: ZERO }, "account1", mainnet),
  vector("Retraction: the worked example's reason, in French (62 UTF-8 bytes)", "Retraction",
    { contentHash: SECOND, reason: "Le montant de la levée de fonds n’a pas pu être confirmé." }, "account1", onHardhat),
  vector("Retraction: the same reason in NFD, another message", "Retraction",
    { contentHash: SECOND, reason: "Le montant de la leve\u0301e de fonds n’a pas pu e\u0302tre confirme\u0301." }, "account1", onHardhat),
  vector("Retraction: an ASCII reason with a trailing space, signed as written", "Retraction", { contentHash: FIRST, reason: "Wrong figures. " }, "account1", onHardhat),
  vector("Retraction: a reason of 1,000 characters", "Retraction", { contentHash: FIRST, reason: "x".repeat(1000) }, "account2", onHardhat),
  vector("Retraction: an astral character in the reason", "Retraction", { contentHash: FIRST, reason: "Retiré 🚫" }, "account1", mainnet),
  vector("KeyRotation: publisher 1, first rotation (nonce 0), to account #2", "KeyRotation", { publisherId: 1, newKey: account2, nonce: 0n }, "account1", onHardhat),
  vector("KeyRotation: publisher 1, second rotation (nonce 1), to account #3, by account #2", "KeyRotation",
    { publisherId: 1, newKey: account3, nonce: 1n }, "account2", onHardhat),
  vector("KeyRotation: the largest uint32 publisher id", "KeyRotation", { publisherId: 4294967295, newKey: account3, nonce: 0n }, "account1", onHardhat),
  vector("KeyRotation: a nonce past 2^64", "KeyRotation", { publisherId: 7, newKey: account2, nonce: 2n ** 64n + 1n }, "account3", mainnet),
];

const file = {
  format: "newsprov-vectors-v1",
  unicode: "17.0",
  note:
    "Keys: Hardhat's public test keys (mnemonic 'test test test test test test test test test test test junk', accounts #1 to #3), " +
    "known to everyone: never use them for anything of value. Domains on chain 31337 name the registry that account #100 of that " +
    `mnemonic (${addressOf(KEYS.account100)}) deploys first: ${REGISTRY}. chainId and uint256 values are decimal strings.`,
  cases,
};
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, `${JSON.stringify(file, null, 1)}\n`);
console.log(`${path.relative(process.cwd(), OUT)}: ${cases.length} cases, registry ${REGISTRY}`);
