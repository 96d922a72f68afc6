import { ethers } from "hardhat";
import { getAddress, type Signer } from "ethers";
import * as protocol from "../../protocol";
import { protocolDomain, type Hex, type KeyRotationMessage, type Publication, type RetractionMessage } from "../../protocol";

export const DEMO_PUBLISHER = { name: "Demo Newsroom", domain: "demo.example" } as const;

/** An ArticleRegistry administered by signer #0, with signer #1 registered as publisher 1. */
export async function deployRegistryFixture() {
  const [admin, publisher, other, relayer] = await ethers.getSigners();
  if (!admin || !publisher || !other || !relayer) throw new Error("the fixture needs four signers");

  const registry = await ethers.deployContract("ArticleRegistry", [admin.address]);
  await registry.registerPublisher(publisher.address, DEMO_PUBLISHER.name, DEMO_PUBLISHER.domain);
  const registryAddress = (await registry.getAddress()) as Hex;
  const { chainId } = await ethers.provider.getNetwork();

  return { registry, registryAddress, chainId, admin, publisher, publisherId: 1n, other, relayer };
}

const domainOf = (registryAddress: string, chainId: bigint) => protocolDomain(chainId, getAddress(registryAddress) as Hex);

/** The signer's EIP-712 signature of a publication, under the protocol domain of one registry. */
export const signPublication = (signer: Signer, registryAddress: string, chainId: bigint, publication: Publication) =>
  protocol.signPublication(signer, domainOf(registryAddress, chainId), publication);

/** The signer's EIP-712 signature of a retraction, under the protocol domain of one registry. */
export const signRetraction = (signer: Signer, registryAddress: string, chainId: bigint, retraction: RetractionMessage) =>
  protocol.signRetraction(signer, domainOf(registryAddress, chainId), retraction);

/** The signer's EIP-712 signature of a key rotation, under the protocol domain of one registry. */
export const signKeyRotation = (signer: Signer, registryAddress: string, chainId: bigint, rotation: KeyRotationMessage) =>
  protocol.signKeyRotation(signer, domainOf(registryAddress, chainId), rotation);
