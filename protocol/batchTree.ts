import { getProof, makeMerkleTree } from "@openzeppelin/merkle-tree/dist/core";
import type { NodeHash } from "@openzeppelin/merkle-tree/dist/hashes";
import { getBytes, keccak256 as keccakHex } from "ethers";
import type { BatchLeaf } from "./batch";
import type { Hex } from "./types";

/** keccak256 of the concatenated parts. The default runs in JavaScript; the service passes a native one. */
export type Keccak256 = (...parts: Uint8Array[]) => Uint8Array;
export const keccak256: Keccak256 = (...parts) => getBytes(keccakHex(joined(parts)));

/** A batch's root, and each leaf's proof in the order the leaves were given. */
export interface BatchTree {
  root: Hex;
  proofs: Hex[][];
}

// Hex and bytes by table: a batch of 256 leaves converts about 3,000 of them, and ethers' getBytes
// and hexlify check each one in JavaScript first, which tripled the cost of a tree.
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const toHex = (bytes: Uint8Array): Hex => {
  let hex = "0x";
  for (const byte of bytes) hex += HEX[byte];
  return hex as Hex;
};
const nibble = (code: number) => (code < 58 ? code - 48 : (code | 32) - 87); // 0-9, a-f, A-F
const fromHex = (hex: string): Uint8Array => {
  const bytes = new Uint8Array((hex.length - 2) / 2);
  for (let i = 0, at = 2; i < bytes.length; i++, at += 2) bytes[i] = (nibble(hex.charCodeAt(at)) << 4) | nibble(hex.charCodeAt(at + 1));
  return bytes;
};
const joined = (parts: Uint8Array[]) => {
  const all = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
};

const compareBytes = (a: Uint8Array, b: Uint8Array) => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
};

/**
 * The StandardMerkleTree leaf hash of a batch leaf, keccak256(keccak256(abi.encode(contentHash,
 * publisher, previous, signature))), written out: the library's own leaf hashing re-encodes every
 * value through a general ABI coder, about 2 ms a leaf. test/protocol/batchTree.test.ts holds both equal.
 */
export function batchLeafHash(leaf: BatchLeaf, keccak: Keccak256 = keccak256): Uint8Array {
  const signature = fromHex(leaf.signature);
  // abi.encode(bytes32, address, bytes32, bytes): four head words (the last the offset of the
  // dynamic bytes, 0x80), then the length word and the bytes padded to whole words.
  const encoded = new Uint8Array(5 * 32 + Math.ceil(signature.length / 32) * 32);
  encoded.set(fromHex(leaf.contentHash), 0);
  encoded.set(fromHex(leaf.publisher), 32 + 12);
  encoded.set(fromHex(leaf.previous), 64);
  encoded[127] = 0x80;
  new DataView(encoded.buffer).setUint32(156, signature.length);
  encoded.set(signature, 160);
  return keccak(keccak(encoded));
}

/**
 * Builds a batch's tree with OpenZeppelin's merkle-tree core (makeMerkleTree, getProof) over the
 * standard leaf hashes, sorted as StandardMerkleTree sorts them: the same tree, root and proofs
 * as StandardMerkleTree.of(leaves' values, BATCH_LEAF_ENCODING), so that StandardMerkleTree.verify
 * and the registry's MerkleProof accept them.
 */
export function buildBatchTree(leaves: BatchLeaf[], keccak: Keccak256 = keccak256): BatchTree {
  const hashes = leaves.map((leaf) => batchLeafHash(leaf, keccak));
  const order = hashes.map((_, i) => i).sort((a, b) => compareBytes(hashes[a]!, hashes[b]!));
  const bytesOf = (node: string | Uint8Array | readonly number[]) => (typeof node === "string" ? fromHex(node) : Uint8Array.from(node));
  // OpenZeppelin's node hash: keccak256 of the two children, sorted.
  const nodeHash: NodeHash = (a, b) => toHex(keccak(...[bytesOf(a), bytesOf(b)].sort(compareBytes)));
  const tree = makeMerkleTree(
    order.map((i) => hashes[i]!),
    nodeHash,
  );
  // makeMerkleTree puts the k-th leaf at index tree.length - 1 - k.
  const treeIndex = new Array<number>(leaves.length);
  order.forEach((leafIndex, k) => (treeIndex[leafIndex] = tree.length - 1 - k));
  const hex = (node: string | Uint8Array | readonly number[]) => (typeof node === "string" ? (node as Hex) : toHex(Uint8Array.from(node)));
  return { root: hex(tree[0]!), proofs: leaves.map((_, i) => getProof(tree, treeIndex[i]!).map(hex)) };
}
