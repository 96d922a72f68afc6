import { getAddress, isAddress } from "ethers";
import { z } from "zod";
import type { Hex } from "./types";

// The one spelling of each value in the formats this protocol saves and signs (receipts, batch
// files), so that a strict reader in any language takes what we write and nothing else: byte
// strings in lower-case hex, addresses in their EIP-55 checksum case, integers as JSON numbers.

/** 0x-prefixed lower-case hex: `bytes` bytes, or 1 to 2,048 of them. */
export const hex = (bytes?: number) =>
  z
    .string()
    .regex(bytes === undefined ? /^0x(?:[0-9a-f]{2}){1,2048}$/ : new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`), {
      message: `must be ${bytes === undefined ? "" : `${bytes} bytes of `}lower-case hex`,
    })
    .transform((v) => v as Hex);

export const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, { message: "must be an address" })
  .refine((value) => isAddress(value) && getAddress(value) === value, { message: "must be an address in its EIP-55 checksum case" })
  .transform((v) => v as Hex);

export const integer = (min: number) => z.number().int().min(min).max(Number.MAX_SAFE_INTEGER);
