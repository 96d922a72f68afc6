import { Contract, type ContractRunner } from "ethers";
import { DEFAULT_ADMIN_ROLE, REGISTRAR_ROLE, REGISTRY_ABI, RELAYER_ROLE } from "../protocol";

// The registry's roles (OpenZeppelin AccessControl), as `newsprov roles` reads and changes them
// through the protocol module's registry ABI: the CLI reaches the chain with no module of the service.

/** The roles by the names the command line takes. */
export const ROLES = {
  admin: { id: DEFAULT_ADMIN_ROLE, name: "DEFAULT_ADMIN_ROLE", does: "grants and revokes roles" },
  registrar: { id: REGISTRAR_ROLE, name: "REGISTRAR_ROLE", does: "registers, revokes and rotates publishers" },
  relayer: { id: RELAYER_ROLE, name: "RELAYER_ROLE", does: "anchors Merkle batches" },
} as const;

export type RoleName = keyof typeof ROLES;

export const ROLE_NAMES = Object.keys(ROLES) as RoleName[];


/** The registry at `address`, as its roles' commands reach it. */
export const accessControl = (address: string, runner: ContractRunner) => new Contract(address, REGISTRY_ABI, runner);
