import { readFileSync } from "node:fs";
import path from "node:path";
import type { ArticleInput, CidString, ContentHash, Hex, SignatureHex } from "../../protocol";

/**
 * The values of the worked example in docs/protocol.md, computed once and pinned. example.test.ts
 * recomputes them and checks that the document quotes each one.
 */
export const WORKED_EXAMPLE = {
  article: {
    canonicalBytes: 7356,
    contentHash: "0xf07e88f266f90d50969ba023eab90da23309ead2f0ed34bf4294fd7d4b37b5a7" as ContentHash,
    cid: "bagaaiera6b7ir4tg7egvbfu3uar6voinuizqt2ws6dwtjp2cst6x2szxwwtq" as CidString,
  },
  /** The same article with "600 millions" corrected to "700 millions". */
  correction: {
    contentHash: "0x8aab20a3f47bf264dfc4d5b6e4f0389174a45ee8e4135b86388f171b2daa39d1" as ContentHash,
    cid: "bagaaierarkvsbi7uppzgjx6e2w3oj4bysf2kixxi4qjvxbryr4lrwlnkhhiq" as CidString,
  },
  /** Hardhat's account #1: a public test key that anyone can sign with. Never use it for real. */
  publisher: {
    privateKey: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" as Hex,
    address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Hex,
  },
  chainId: 31337n,
  /** The first contract Hardhat's account #0 deploys on a fresh chain. */
  registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Hex,
  publicationTypehash: "0xdde8e4dda3c9cb11cc46fbf88a7e275780a8017c85db90210ac10e7689ce0dd8" as Hex,
  retractionTypehash: "0xc1c7e2899d227ad2b27b8fa5f167a34482191b2c45e881ba1d87da67a4730af4" as Hex,
  keyRotationTypehash: "0x2e3e8842e5e2c11509a4a5e86811bf12628a4c4aec876464601e78ec4ed57c08" as Hex,
  domainSeparator: "0x29f27f1e82c5382e4660c675c2f39e1eade4f4456e65b38091d1103e9ee0366d" as Hex,
  /** Publication(article, 0). */
  first: {
    structHash: "0xa738bb249b9e635bffa54fa2183714ef58ceb9ea903422105da0551923066ebe" as Hex,
    digest: "0x47e76bf0316ce0378d7160e0afa81c27b91aad4de8ed504b9a4f0506922192d6" as Hex,
    signature: ("0x958b427ff2233c8c3dc85fa0ab4924064b8fd9427b33209e2763cda1da3593a5" +
      "0d131af443e0c63a19a298bcd4e46e3e88fa304b20a03abccade428fac192e91" +
      "1c") as SignatureHex,
  },
  /** Publication(correction, article). */
  second: {
    structHash: "0xafcb04fbfe6f9ba6727d21ae4b6d7409f0acd7260c38ff960997d6ca063e2ae5" as Hex,
    digest: "0xf315d5669123990c8b1c563f8f3f9ea29ed6c3ba9d4e4d0934777340e37772eb" as Hex,
    signature: ("0x376f18f381e6fe43c1d9e9e853bf2cae42e0d80b89eedbbfe894532e5d7994d2" +
      "3b60a0c81c26e0ef4df46efb628005775d636e377f0eb41ae71b9b00bb0b5a47" +
      "1b") as SignatureHex,
  },
  /** Retraction(correction, reason), signed by the same key. */
  retraction: {
    reason: "Le montant de la levée de fonds n’a pas pu être confirmé.",
    reasonBytes: 62,
    reasonHash: "0xd3571e1978d1829716ccaebcde10b4a6cde92970b81aaa7b245aa78c2b1122a9" as Hex,
    structHash: "0x5aa7f531c5648bc13a5fa2ffa4a4c09671b4602097ca2adc8ed6d8e47a396dcb" as Hex,
    digest: "0x3091a1fc5ff83ac1631fe7a8cdbd95c8ead3c97805310d53671a2528fedba4e9" as Hex,
    signature: ("0x214d8d7f8f20e8bc22fbf241256f5d63bec81742d0483710b75354d365f4a3f6" +
      "219b0614a5f45bbad5f34391f7c8b23abbf670723ba89f2e9276d0320ea2b30d" +
      "1b") as SignatureHex,
  },
  /** KeyRotation(1, Hardhat's account #2, 0), signed by the same key. */
  keyRotation: {
    publisherId: 1,
    newKey: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as Hex,
    nonce: 0n,
    structHash: "0xc7278c78084b90018f1e2d2f41551dfab30f419b167abc97a9e85450cfe75f38" as Hex,
    digest: "0x7553413d8d2b32f22450754a05b1ddeef4fd86da7407991a8b7aa3d428f1cd4a" as Hex,
    signature: ("0x7d022dcbcf0fb26299a97613a8dcf9f81747308565440042bb14a12a57da9677" +
      "40610efc380b33e42373c668bbb514d452d5e3441706b6962a0495366b79b302" +
      "1c") as SignatureHex,
  },
} as const;

/** The French fixture, exactly as a newsroom submits it. */
export function frenchArticle(): ArticleInput {
  return JSON.parse(readFileSync(path.join(__dirname, "../fixtures/mistral-ai-funding.fr.json"), "utf8"));
}

/** The fixture after its editor corrected "600 millions" to "700 millions". */
export function frenchCorrection(): ArticleInput {
  const article = frenchArticle();
  if (!article.body.includes("600 millions")) throw new Error("the fixture no longer says 600 millions");
  return { ...article, body: article.body.replace("600 millions", "700 millions") };
}
