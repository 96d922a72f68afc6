// Writes docs/test-vectors/eip712.json: Publication, Retraction and KeyRotation digests and
// signatures of protocol v1 (docs/protocol.md sections 5, 8 and 9).
//
//   npx ts-node scripts/vectors/eip712.ts
//
// Computed from the document's formulas with @noble/hashes (keccak256) and @noble/curves
// (secp256k1, RFC 6979), with abi.encode written out by hand: neither ethers, which the service
// signs and recovers with, nor any module of ours. test/protocol/eip712Vectors.test.ts then
// checks every digest against ethers, the protocol module and the registry contract itself.
import fs from "node:fs";
import path from "node:path";
import { utf8ToBytes } from "@noble/hashes/utils";
import {
  KEYS,
  ON_HARDHAT,
  REGISTRY,
  TYPES,
  ZERO,
  addressOf,
  domainSeparator,
  hex,
  keccak,
  sign,
  structHash,
  typedDataDigest,
  type Domain,
  type Message,
} from "./evm";

const OUT = path.join(__dirname, "..", "..", "docs", "test-vectors", "eip712.json");

function vector(name: string, primaryType: keyof typeof TYPES, message: Message, key: keyof typeof KEYS, domain: Domain) {
  const digest = typedDataDigest(domain, primaryType, message);
  const json = (value: string | number | bigint) => (typeof value === "bigint" ? value.toString() : value);
  return {
    name,
    domain: { ...domain, chainId: domain.chainId.toString() },
    primaryType,
    types: { [primaryType]: TYPES[primaryType].fields },
    message: Object.fromEntries(Object.entries(message).map(([k, v]) => [k, json(v)])),
    typeHash: hex(keccak(utf8ToBytes(TYPES[primaryType].signature))),
    domainSeparator: hex(domainSeparator(domain)),
    structHash: hex(structHash(TYPES[primaryType], message)),
    digest: hex(digest),
    signer: addressOf(KEYS[key]),
    signature: sign(digest, key),
  };
}

const mainnet: Domain = { name: "NewsProvenance", version: "1", chainId: 1n, verifyingContract: "0x000000000000000000000000000000000000dEaD" };
// The worked example's two versions (docs/protocol.md section 10).
const FIRST = "0xf07e88f266f90d50969ba023eab90da23309ead2f0ed34bf4294fd7d4b37b5a7";
const SECOND = "0x8aab20a3f47bf264dfc4d5b6e4f0389174a45ee8e4135b86388f171b2daa39d1";
const [account2, account3] = [addressOf(KEYS.account2), addressOf(KEYS.account3)];

const cases = [
  vector("Publication: a first version, previous zero", "Publication", { contentHash: FIRST, previous: ZERO }, "account1", ON_HARDHAT),
  vector("Publication: a correction of it", "Publication", { contentHash: SECOND, previous: FIRST }, "account1", ON_HARDHAT),
  vector("Publication: every bit of the content hash set", "Publication", { contentHash: `0x${"ff".repeat(32)}`, previous: ZERO }, "account2", ON_HARDHAT),
  vector("Publication: the same message on chain 1 and another registry", "Publication", { contentHash: FIRST, previous: ZERO }, "account1", mainnet),
  vector("Retraction: the worked example's reason, in French (62 UTF-8 bytes)", "Retraction",
    { contentHash: SECOND, reason: "Le montant de la levée de fonds n’a pas pu être confirmé." }, "account1", ON_HARDHAT),
  vector("Retraction: the same reason in NFD, another message", "Retraction",
    { contentHash: SECOND, reason: "Le montant de la leve\u0301e de fonds n’a pas pu e\u0302tre confirme\u0301." }, "account1", ON_HARDHAT),
  vector("Retraction: an ASCII reason with a trailing space, signed as written", "Retraction", { contentHash: FIRST, reason: "Wrong figures. " }, "account1", ON_HARDHAT),
  vector("Retraction: a reason of 1,000 characters", "Retraction", { contentHash: FIRST, reason: "x".repeat(1000) }, "account2", ON_HARDHAT),
  vector("Retraction: an astral character in the reason", "Retraction", { contentHash: FIRST, reason: "Retiré 🚫" }, "account1", mainnet),
  vector("KeyRotation: publisher 1, first rotation (nonce 0), to account #2", "KeyRotation", { publisherId: 1, newKey: account2, nonce: 0n }, "account1", ON_HARDHAT),
  vector("KeyRotation: publisher 1, second rotation (nonce 1), to account #3, by account #2", "KeyRotation",
    { publisherId: 1, newKey: account3, nonce: 1n }, "account2", ON_HARDHAT),
  vector("KeyRotation: the largest uint32 publisher id", "KeyRotation", { publisherId: 4294967295, newKey: account3, nonce: 0n }, "account1", ON_HARDHAT),
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
