import { expect } from "chai";
import { Interface } from "ethers";
import { artifacts } from "hardhat";
import { REGISTRY_ABI } from "../../protocol";

describe("REGISTRY_ABI", function () {
  it("has every fragment as the compiled ArticleRegistry declares it", async function () {
    const compiled = new Interface((await artifacts.readArtifact("ArticleRegistry")).abi);
    const written = new Interface(REGISTRY_ABI);
    for (const fragment of written.fragments) {
      const format = fragment.format("full");
      const name = "name" in fragment ? String(fragment.name) : format;
      const twin = compiled.fragments.find((candidate) => "name" in candidate && candidate.name === name && candidate.type === fragment.type);
      expect(twin?.format("full"), name).to.equal(format);
    }
  });
});
