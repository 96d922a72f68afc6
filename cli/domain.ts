import { getAddress } from "ethers";
import { DOMAIN_NAME, DOMAIN_VERSION, protocolDomain, type Hex, type ProtocolDomain } from "../protocol";
import type { DomainAnswer } from "../protocol";
import { CliError } from "./errors";
import type { ServiceClient } from "./serviceClient";

/**
 * The EIP-712 domain a service anchors under. Only its chain and registry are taken from the
 * answer: a service that names another protocol is refused rather than signed for.
 */
export async function fetchDomain(client: ServiceClient): Promise<ProtocolDomain> {
  const { domain } = await client.get<DomainAnswer>("/v1/domain");
  if (domain?.name !== DOMAIN_NAME || domain.version !== DOMAIN_VERSION) {
    throw new CliError({
      code: "unknown_protocol",
      message: `the service signs under domain ${domain?.name} v${domain?.version}, not ${DOMAIN_NAME} v${DOMAIN_VERSION}`,
    });
  }
  return protocolDomain(BigInt(domain.chainId), getAddress(domain.verifyingContract) as Hex);
}
