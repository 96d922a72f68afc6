import type { Interface } from "ethers";
import { registryRoleName } from "../../protocol";
import { AlreadyAnchoredError, ChainUnavailableError, InvalidRequestError, NotFoundError, OperatorKeyError, ServiceError } from "../errors";

export interface RegistryRevert {
  name: string;
  args: readonly unknown[];
}

/** Finds the registry's custom error in whatever shape the provider threw it, if it is one. */
export function decodeRegistryRevert(registryInterface: Interface, error: unknown): RegistryRevert | undefined {
  for (const data of revertDataCandidates(error)) {
    try {
      const parsed = registryInterface.parseError(data);
      if (parsed) return { name: parsed.name, args: [...parsed.args] };
    } catch {
      // Not one of ours: try the next place the data could be.
    }
  }
  return undefined;
}

// ethers, Hardhat's in-process provider and remote nodes nest revert data differently.
function revertDataCandidates(error: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 4 || value === null || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    if (typeof record.data === "string" && record.data.startsWith("0x")) found.push(record.data);
    for (const key of ["error", "info", "cause", "data"]) visit(record[key], depth + 1);
  };
  visit(error, 0);
  return found;
}

/** Maps a registry revert to the service error a caller sees, or wraps anything else. */
export function registryRevertToServiceError(revert: RegistryRevert | undefined, cause: unknown): ServiceError {
  const name = revert?.name;
  switch (name) {
    case "ArticleAlreadyAnchored":
      return new AlreadyAnchoredError({ message: "this article is already anchored", cause });
    case "PublisherNotActive": {
      const signer = String(revert!.args[0]);
      return new ServiceError({ code: "publisher_not_active", message: `the signer ${signer} is not the key of an active publisher`, details: { signer }, cause });
    }
    case "PublisherNotActiveAtBatch":
      return new ServiceError({
        code: "publisher_not_active",
        message: "the batched version's key was not its publisher's current key when its batch was anchored: it proves nothing, and cannot be corrected or retracted",
        cause,
      });
    case "InvalidPublicationSignature":
      return new ServiceError({ code: "invalid_signature", message: "the signature is not the publisher's", cause });
    case "PreviousNotAnchored":
      return new ServiceError({ code: "previous_not_anchored", message: "the corrected version was never anchored", cause });
    case "PreviousFromAnotherPublisher":
      return new ServiceError({
        code: "previous_from_another_publisher",
        message: "the corrected version belongs to another publisher",
        cause,
      });
    case "PreviousAlreadySuperseded":
      return new ServiceError({
        code: "previous_already_superseded",
        message: "the corrected version was already corrected; correct the latest version instead",
        details: { successor: revert?.args[1] },
        cause,
      });
    case "PreviousRetracted":
      return new ServiceError({ code: "previous_retracted", message: "the corrected version was retracted", cause });
    case "ArticleNotAnchored":
      return new NotFoundError({ code: "article_not_anchored", message: "this article was never anchored", cause });
    case "ArticleAlreadyRetracted":
      return new ServiceError({ code: "article_already_retracted", message: "this article was already retracted", cause });
    case "InvalidRetractionSignature":
      return new ServiceError({
        code: "invalid_signature",
        message: "the signature is not the retraction of this article by its publisher's current key",
        cause,
      });
    case "PublisherIsRevoked":
      return new ServiceError({ code: "publisher_revoked", message: "the publisher is revoked and can no longer act", cause });
    case "UnauthorizedKeyRotation":
      return new ServiceError({
        code: "invalid_signature",
        message: "the signature is not the key rotation signed by the publisher's current key",
        cause,
      });
    case "UnknownPublisher":
      return new NotFoundError({ message: "no such publisher", cause });
    case "PublisherAlreadyRevoked":
      return new ServiceError({ code: "publisher_already_revoked", message: "the publisher is already revoked", cause });
    case "PublisherKeyAlreadyRegistered":
      return new ServiceError({ code: "publisher_already_registered", message: "this key already belongs to a publisher", cause });
    case "AccessControlUnauthorizedAccount": {
      const [account, role] = [String(revert!.args[0]), registryRoleName(String(revert!.args[1]))];
      return new OperatorKeyError({
        code: "relayer_missing_role",
        message: `the operator's key ${account} lacks the registry's ${role}: an admin grants it (newsprov roles grant)`,
        details: { account, role },
        cause,
      });
    }
    case "BatchAlreadyAnchored":
      return new ServiceError({ code: "batch_already_anchored", message: "this batch root is already anchored", cause });
    case "InvalidPublisherKey":
    case "EmptyPublisherField":
    case "EmptyRetractionReason":
    case "ZeroContentHash":
      return new InvalidRequestError({ message: `the registry rejected the request (${name})`, cause });
    default:
      return new ChainUnavailableError({
        message: name ? `the registry rejected the transaction (${name})` : "the chain did not accept the transaction",
        cause,
      });
  }
}
