import { ethers } from "hardhat";
import { getAddress, type Signer, type TypedDataField } from "ethers";
import {
  KEY_ROTATION_TYPES,
  PUBLICATION_TYPES,
  RETRACTION_TYPES,
  protocolDomain,
  type Hex,
  type KeyRotationMessage,
  type Publication,
  type RetractionMessage,
  type SignatureHex,
} from "../../server/protocol";

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

/** The signer's EIP-712 signature of a protocol message, under the protocol domain of one registry. */
async function signProtocolMessage(
  signer: Signer,
  registryAddress: string,
  chainId: bigint,
  types: Record<string, TypedDataField[]>,
  message: object,
): Promise<SignatureHex> {
  const domain = protocolDomain(chainId, getAddress(registryAddress) as Hex);
  return (await signer.signTypedData(domain, types, message as Record<string, unknown>)) as SignatureHex;
}

/** The signer's EIP-712 signature of a publication, under the protocol domain of one registry. */
export const signPublication = (signer: Signer, registryAddress: string, chainId: bigint, publication: Publication) =>
  signProtocolMessage(signer, registryAddress, chainId, PUBLICATION_TYPES, publication);

/** The signer's EIP-712 signature of a retraction, under the protocol domain of one registry. */
export const signRetraction = (signer: Signer, registryAddress: string, chainId: bigint, retraction: RetractionMessage) =>
  signProtocolMessage(signer, registryAddress, chainId, RETRACTION_TYPES, retraction);

/** The signer's EIP-712 signature of a key rotation, under the protocol domain of one registry. */
export const signKeyRotation = (signer: Signer, registryAddress: string, chainId: bigint, rotation: KeyRotationMessage) =>
  signProtocolMessage(signer, registryAddress, chainId, KEY_ROTATION_TYPES, rotation);
