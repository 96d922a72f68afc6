import { Contract, id, ZeroHash, type ContractRunner } from "ethers";
import type { Hex } from "../server/protocol";

// The registry's roles (OpenZeppelin AccessControl), as `newsprov roles` reads and changes them:
// only the part of the registry's ABI that it needs, written out here so that the CLI reaches the
// chain with no module of the service.

/** The registry's role ids: DEFAULT_ADMIN_ROLE grants and revokes the other two. */
export const DEFAULT_ADMIN_ROLE = ZeroHash as Hex;
export const REGISTRAR_ROLE = id("REGISTRAR_ROLE") as Hex;
export const RELAYER_ROLE = id("RELAYER_ROLE") as Hex;

/** The roles by the names the command line takes. */
export const ROLES = {
  admin: { id: DEFAULT_ADMIN_ROLE, name: "DEFAULT_ADMIN_ROLE", does: "grants and revokes roles" },
  registrar: { id: REGISTRAR_ROLE, name: "REGISTRAR_ROLE", does: "registers, revokes and rotates publishers" },
  relayer: { id: RELAYER_ROLE, name: "RELAYER_ROLE", does: "anchors Merkle batches" },
} as const;

export type RoleName = keyof typeof ROLES;

export const ROLE_NAMES = Object.keys(ROLES) as RoleName[];

export const ACCESS_CONTROL_ABI = [
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "function grantRole(bytes32 role, address account)",
  "function revokeRole(bytes32 role, address account)",
  "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
  "event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)",
  "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
] as const;

/** The registry at `address`, through its AccessControl surface. */
export const accessControl = (address: string, runner: ContractRunner) => new Contract(address, ACCESS_CONTROL_ABI, runner);
