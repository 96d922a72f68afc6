/** 0x-prefixed hex string. */
export type Hex = `0x${string}`;
/** sha2-256 of an article's canonical bytes, as 0x-prefixed hex (bytes32 on chain). */
export type ContentHash = Hex;
/** CIDv1 (codec json, sha2-256) of an article's canonical bytes, in base32. */
export type CidString = string;
/** EIP-712 signature, 0x-prefixed hex. */
export type SignatureHex = Hex;
