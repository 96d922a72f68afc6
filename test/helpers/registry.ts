import { ethers } from "hardhat";
import { getAddress, type Signer } from "ethers";
import { PUBLICATION_TYPES, protocolDomain, type Hex, type Publication, type SignatureHex } from "../../server/protocol";

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

/** The signer's EIP-712 signature of a publication, under the protocol domain of one registry. */
export async function signPublication(
  signer: Signer,
  registryAddress: string,
  chainId: bigint,
  publication: Publication,
): Promise<SignatureHex> {
  const domain = protocolDomain(chainId, getAddress(registryAddress) as Hex);
  return (await signer.signTypedData(domain, PUBLICATION_TYPES, publication)) as SignatureHex;
}
