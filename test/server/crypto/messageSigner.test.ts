import { expect } from "chai";
import fc from "fast-check";
import { Wallet } from "ethers";
import { messageSigner } from "../../../server/crypto/messageSigner";

describe("messageSigner", function () {
  it("signs natively exactly what ethers' Wallet.signMessage signs (property)", async function () {
    const wallet = Wallet.createRandom();
    const native = messageSigner(wallet);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", maxLength: 300 }), async (text) => {
        expect(await native.signMessage(text)).to.equal(await wallet.signMessage(text));
      }),
      { numRuns: 100 },
    );
    expect(await native.address()).to.equal(wallet.address);
  });
});
