// Writes docs/test-vectors/receipts.json: receipts of format newsprov-receipt-v2 (and v1, still read), valid and
// tampered, with what an offline verifier must find (docs/protocol.md, "Checking a receipt").
//
//   npx ts-node scripts/vectors/receipts.ts
//
// Built from the document's rules with the pieces of ./evm (keccak256, secp256k1, abi.encode),
// a hand-written RFC 8785 for the relayer's message, RFC 4648 base32 for the CID and the
// StandardMerkleTree layout written out below: no ethers, no merkle-tree package, no module of
// ours. The blocks and transactions are made up: no offline check reads them. When the receipt
// format changes, change the builders below and run the script again.
import fs from "node:fs";
import path from "node:path";
import { utf8ToBytes } from "@noble/hashes/utils";
import { KEYS, ON_HARDHAT, ZERO, addressOf, addressWord, concat, hex, keccak, personalMessageHash, sign, typedDataDigest, uintWord, unhex } from "./evm";

const ROOT = path.join(__dirname, "..", "..");
const OUT = path.join(ROOT, "docs", "test-vectors", "receipts.json");
const FORMAT = "newsprov-receipt-v2";
const FORMAT_V1 = "newsprov-receipt-v1";

/** RFC 4648 base32, lower-case, no padding. */
function base32(bytes: Uint8Array): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) out += alphabet[(value >>> (bits -= 5)) & 31];
  }
  return bits > 0 ? out + alphabet[(value << (5 - bits)) & 31] : out;
}

/** Section 4: "b" and the base32 of 0x01 0x80 0x04 0x12 0x20 and the digest. */
const cidOf = (contentHash: string) => `b${base32(concat(Uint8Array.of(0x01, 0x80, 0x04, 0x12, 0x20), unhex(contentHash)))}`;

type Json = string | number | Json[] | { [key: string]: Json };

/** RFC 8785 for what a receipt holds: ASCII strings, safe integers, arrays and objects. */
function jcs(value: Json): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") {
    if (!/^[\x20-\x7e]*$/.test(value) || /["\\]/.test(value)) throw new Error(`not a plain ASCII string: ${value}`);
    return `"${value}"`;
  }
  if (Array.isArray(value)) return `[${value.map(jcs).join(",")}]`;
  // Object keys sorted by UTF-16 code units: for ASCII keys, the default sort.
  return `{${Object.keys(value).sort().map((key) => `${jcs(key)}:${jcs(value[key]!)}`).join(",")}}`;
}

interface Leaf {
  contentHash: string;
  publisher: string;
  previous: string;
  signature: string;
}

/** keccak256(keccak256(abi.encode(bytes32, address, bytes32, bytes))): the batch leaf of the protocol. */
function leafHash({ contentHash, publisher, previous, signature }: Leaf): Uint8Array {
  const sig = unhex(signature);
  const tail = new Uint8Array(Math.ceil(sig.length / 32) * 32);
  tail.set(sig);
  const encoded = concat(unhex(contentHash), addressWord(publisher), unhex(previous), uintWord(0x80n), uintWord(BigInt(sig.length)), tail);
  return keccak(keccak(encoded));
}

const compare = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b);
const hashPair = (a: Uint8Array, b: Uint8Array) => keccak(compare(a, b) <= 0 ? concat(a, b) : concat(b, a));

/**
 * StandardMerkleTree's layout: the leaf hashes sorted, placed from the end of an array of 2n - 1
 * nodes, each inner node i the sorted-pair hash of nodes 2i + 1 and 2i + 2. A leaf's proof is the
 * sibling at each level up to the root.
 */
function merkleBatch(leaves: Leaf[]) {
  const hashes = leaves.map(leafHash);
  const order = hashes.map((_, i) => i).sort((a, b) => compare(hashes[a]!, hashes[b]!));
  const tree: Uint8Array[] = new Array(2 * leaves.length - 1);
  const position: number[] = [];
  order.forEach((leaf, k) => {
    position[leaf] = tree.length - 1 - k;
    tree[tree.length - 1 - k] = hashes[leaf]!;
  });
  for (let i = tree.length - 1 - leaves.length; i >= 0; i--) tree[i] = hashPair(tree[2 * i + 1]!, tree[2 * i + 2]!);
  const proof = (leafIndex: number) => {
    const siblings: string[] = [];
    for (let i = position[leafIndex]!; i > 0; i = Math.floor((i - 1) / 2)) siblings.push(hex(tree[i % 2 === 1 ? i + 1 : i - 1]!));
    return siblings;
  };
  return { root: hex(tree[0]!), proof };
}

const publication = (contentHash: string, previous: string, key: keyof typeof KEYS): Leaf => ({
  contentHash,
  publisher: addressOf(KEYS[key]),
  previous,
  signature: sign(typedDataDigest(ON_HARDHAT, "Publication", { contentHash, previous }), key),
});

const core = (leaf: Leaf) => ({
  format: FORMAT,
  cid: cidOf(leaf.contentHash),
  contentHash: leaf.contentHash,
  publisher: leaf.publisher,
  signature: leaf.signature,
  previous: leaf.previous,
  chainId: Number(ON_HARDHAT.chainId),
  registry: ON_HARDHAT.verifyingContract,
});

const madeUp = (label: string) => hex(keccak(utf8ToBytes(label)));
const inBlock = (n: number) => ({ txHash: madeUp(`transaction ${n}`), blockNumber: 100 + n, blockTimestamp: 1_718_175_600 + 12 * n });

const direct = (leaf: Leaf, n: number) => ({ ...core(leaf), status: "complete", anchor: { kind: "direct", ...inBlock(n) } });

function pending(leaf: Leaf, issuedAt: string, relayerKey: keyof typeof KEYS = "account100") {
  const claim = { ...core(leaf), status: "pending", issuedAt, relayer: addressOf(KEYS[relayerKey]) };
  return { ...claim, relayerSignature: sign(personalMessageHash(jcs(claim)), relayerKey) };
}

// The article versions: the worked example's two, and three more of the article vectors.
const articles = JSON.parse(fs.readFileSync(path.join(ROOT, "docs", "test-vectors", "articles.json"), "utf8")) as {
  cases: { name: string; valid: boolean; article?: Json; contentHash?: string }[];
};
const example = articles.cases.find((c) => c.name === "the worked example of section 10")!;
const correction = articles.cases.find((c) => c.name.startsWith("the worked example's correction"))!;
const others = articles.cases.filter((c) => c.valid && c.contentHash && c.article && c !== example && c !== correction).slice(0, 5);
const [FIRST, SECOND] = [example.contentHash!, correction.contentHash!];

const first = publication(FIRST, ZERO, "account1");
const second = publication(SECOND, FIRST, "account1");
const batchLeaves = [
  publication(others[0]!.contentHash!, ZERO, "account1"),
  publication(others[1]!.contentHash!, ZERO, "account2"),
  publication(others[2]!.contentHash!, ZERO, "account1"),
  publication(others[3]!.contentHash!, ZERO, "account3"),
  publication(others[4]!.contentHash!, ZERO, "account2"),
];
const batch = merkleBatch(batchLeaves);
const lone = publication(madeUp("a text alone in its batch"), ZERO, "account3");
const loneBatch = merkleBatch([lone]);
const inBatch = (leafIndex: number, n: number) => ({
  ...core(batchLeaves[leafIndex]!),
  status: "complete",
  anchor: { kind: "batch", ...inBlock(n), root: batch.root, proof: batch.proof(leafIndex) },
});

type Receipt = Record<string, Json>;
const cases: { name: string; receipt: Json; article?: Json; valid: boolean; failedCheck?: string }[] = [];
const valid = (name: string, receipt: Receipt, article?: Json) => cases.push({ name, receipt, ...(article && { article }), valid: true });
const tampered = (name: string, failedCheck: string, receipt: Json, article?: Json) =>
  cases.push({ name, receipt, ...(article && { article }), valid: false, failedCheck });

const withAnchor = (receipt: Receipt, anchor: Record<string, Json>) => ({ ...receipt, anchor: { ...(receipt.anchor as Record<string, Json>), ...anchor } });
const flipLastNibble = (value: string) => value.slice(0, -1) + (value.endsWith("0") ? "1" : "0");
// secp256k1's group order: s and n - s are the two signatures of one key on one digest.
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const highS = (signature: string) => {
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = signature.slice(130) === "1b" ? "1c" : "1b";
  return `${signature.slice(0, 66)}${(N - s).toString(16).padStart(64, "0")}${v}`;
};

const directFirst = direct(first, 1);
const directSecond = direct(second, 2);
const batch0 = inBatch(0, 3);
const batch3 = inBatch(3, 3);
const pendingFirst = pending(first, "2024-06-12T07:00:05.123Z");
const pendingSecond = pending(second, "2024-06-12T08:30:00.000Z");

valid("complete, direct: the worked example's first version, with its article", directFirst, example.article);
valid("complete, direct: the worked example's correction", directSecond);
valid("complete, batch: leaf 0 of five", batch0, others[0]!.article);
valid("complete, batch: leaf 3 of five, another publisher", batch3);
valid("complete, batch: the only leaf, an empty proof", {
  ...core(lone),
  status: "complete",
  anchor: { kind: "batch", ...inBlock(4), root: loneBatch.root, proof: loneBatch.proof(0) },
});
// v1, still read: the same receipt with a leafIndex, which nothing checks.
const batch0V1 = { ...withAnchor(batch0, { leafIndex: 0 }), format: FORMAT_V1 };
valid("complete, batch, v1: with its leafIndex", batch0V1);
valid("complete, batch, v1: leafIndex is not read by the proof", withAnchor(batch0V1, { leafIndex: 4 }));
valid("pending: the relayer's promise for the first version", pendingFirst);
valid("pending: a correction", pendingSecond);

const { relayerSignature: _unsigned, ...unsignedPending } = pendingFirst;
const { root: _noRoot, ...rootless } = batch0.anchor;
for (const [name, receipt] of [
  ["an unknown format", { ...directFirst, format: "newsprov-receipt-v0" }],
  ["an unknown status", { ...directFirst, status: "anchored" }],
  ["an unknown field", { ...directFirst, note: "x" }],
  ["a complete receipt with issuedAt", { ...directFirst, issuedAt: pendingFirst.issuedAt }],
  ["a complete receipt with relayer and relayerSignature", { ...directFirst, relayer: pendingFirst.relayer, relayerSignature: pendingFirst.relayerSignature }],
  ["a pending receipt without relayerSignature", unsignedPending],
  ["a pending receipt with an anchor", { ...pendingFirst, anchor: directFirst.anchor }],
  ["a complete receipt without anchor", { ...pendingFirst, status: "complete" }],
  ["an upper-case content hash", { ...directFirst, contentHash: `0x${FIRST.slice(2).toUpperCase()}` }],
  ["a publisher in lower case, not its checksum case", { ...directFirst, publisher: first.publisher.toLowerCase() }],
  ["a publisher with a wrong checksum case", { ...directFirst, publisher: first.publisher.replace("C51812dc", "c51812DC") }],
  ["chainId as a string", { ...directFirst, chainId: "31337" }],
  ["the CID in base58btc", { ...directFirst, cid: "zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA" }],
  ["a blockNumber that is not an integer", withAnchor(directFirst, { blockNumber: 101.5 })],
  ["a v2 batch anchor with a leafIndex, which v2 dropped", withAnchor(batch0, { leafIndex: 0 })],
  ["a v1 batch anchor without its leafIndex", { ...batch0, format: FORMAT_V1 }],
  ["a negative leafIndex (v1)", withAnchor(batch0V1, { leafIndex: -1 })],
  ["a proof element of 31 bytes", withAnchor(batch0, { proof: [batch0.anchor.proof[0]!.slice(0, -2), ...batch0.anchor.proof.slice(1)] })],
  ["a batch anchor without root", { ...batch0, anchor: rootless }],
  ["an issuedAt without milliseconds", { ...pendingFirst, issuedAt: "2024-06-12T07:00:05Z" }],
  ["not an object", [directFirst]],
] as [string, Json][]) {
  tampered(`format: ${name}`, "format", receipt);
}
tampered("cid: the CID of another version", "cid", { ...directFirst, cid: cidOf(SECOND) });
tampered("article: another version's text", "article", directFirst, correction.article);
tampered("signature: another publisher named", "signature", { ...directFirst, publisher: addressOf(KEYS.account2) });
tampered("signature: another previous", "signature", { ...directSecond, previous: ZERO });
tampered("signature: the high-s twin, which the registry refuses", "signature", { ...directFirst, signature: highS(first.signature) });
tampered("signature: another registry's domain", "signature", { ...directFirst, registry: addressOf(KEYS.account3) });
tampered("signature: another chain's domain", "signature", { ...directFirst, chainId: 1 });
tampered("signature: one bit of r changed", "signature", { ...directFirst, signature: `0x${flipLastNibble(first.signature.slice(0, 66)).slice(2)}${first.signature.slice(66)}` });
const correctionLeaf = publication(madeUp("a correction slipped into a batch"), FIRST, "account1");
const correctionBatch = merkleBatch([correctionLeaf, lone]);
tampered("first version: a batch leaf that corrects a version", "first version", {
  ...core(correctionLeaf),
  status: "complete",
  anchor: { kind: "batch", ...inBlock(5), root: correctionBatch.root, proof: correctionBatch.proof(0) },
});
tampered("proof: one element changed", "proof", withAnchor(batch0, { proof: [flipLastNibble(batch0.anchor.proof[0]!), ...batch0.anchor.proof.slice(1)] }));
tampered("proof: another root", "proof", withAnchor(batch0, { root: loneBatch.root }));
tampered("proof: another leaf's proof", "proof", withAnchor(batch0, { proof: batch.proof(1) }));
tampered("proof: emptied", "proof", withAnchor(batch0, { proof: [] }));
tampered("relayer signature: issuedAt changed after signing", "relayer signature", { ...pendingFirst, issuedAt: "2024-06-12T07:00:06.123Z" });
tampered("relayer signature: another relayer named", "relayer signature", { ...pendingFirst, relayer: addressOf(KEYS.account1) });
tampered("relayer signature: signed by another key", "relayer signature", { ...pendingFirst, relayerSignature: pending(first, pendingFirst.issuedAt, "account2").relayerSignature });

const file = {
  format: "newsprov-vectors-v1",
  unicode: "17.0",
  note:
    "Offline checks only: format (the strict schema), cid, article (when the case gives one), signature, proof (batch receipts) and " +
    "relayer signature (pending receipts). Blocks and transactions are made up. Keys: Hardhat's public test keys, never for anything " +
    "of value; the relayer is account #100 of Hardhat's mnemonic. batches lists each batch's leaves in the order given to " +
    "StandardMerkleTree.of, the order of the batch file; a v1 receipt's leafIndex counts that order, and nothing checks it.",
  batches: [batchLeaves, [lone], [correctionLeaf, lone]].map((leaves) => ({
    root: merkleBatch(leaves).root,
    values: leaves.map(({ contentHash, publisher, previous, signature }) => [contentHash, publisher, previous, signature]),
  })),
  cases,
};
fs.writeFileSync(OUT, `${JSON.stringify(file, null, 1)}\n`);
console.log(`${path.relative(process.cwd(), OUT)}: ${cases.length} cases, ${cases.filter((c) => !c.valid).length} tampered`);
