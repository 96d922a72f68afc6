import { expect } from "chai";
import { HDNodeWallet, Mnemonic } from "ethers";
import { isPublicTestAccount, PUBLIC_TEST_ACCOUNTS } from "../../protocol";

describe("PUBLIC_TEST_ACCOUNTS", function () {
  it("are the first 20 accounts of the test mnemonic that Hardhat and Anvil fund", function () {
    const mnemonic = Mnemonic.fromPhrase("test test test test test test test test test test test junk");
    const derived = Array.from({ length: 20 }, (_, i) => HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${i}`).address);
    expect(PUBLIC_TEST_ACCOUNTS).to.deep.equal(derived);
  });

  it("are recognized in any letter case, and no other address is", function () {
    expect(isPublicTestAccount("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")).to.equal(true);
    expect(isPublicTestAccount("0x70997970C51812DC3A010C7D01B50E0D17DC79C8")).to.equal(true);
    expect(isPublicTestAccount("0x70997970C51812dc3A010C7d01b50e0d17dc79C9")).to.equal(false);
  });
});
