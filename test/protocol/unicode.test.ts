import { expect } from "chai";
import { UNASSIGNED_RANGES } from "../../protocol/unassignedCodePoints";
import { UNICODE_VERSION, codePointName, firstUnassignedCodePoint } from "../../protocol";

const ranges = UNASSIGNED_RANGES.split(",").map((range) => {
  const [from, to = from] = range.split("-").map((cp) => parseInt(cp, 16)) as [number, number?];
  return [from, to] as const;
});
const inTable = (cp: number) => ranges.some(([from, to]) => from <= cp && cp <= to);
const engineUnassigned = (cp: number) => /^\p{Cn}$/u.test(String.fromCodePoint(cp));
const compare = (a: string, b: string) => a.split(".").map(Number).reduce((order, part, i) => order || part - Number(b.split(".")[i] ?? 0), 0);

describe("protocol: unassigned code points", function () {
  it("pins the Unicode version of Node 20's ICU", function () {
    expect(UNICODE_VERSION).to.equal("17.0");
  });

  it("lists sorted, disjoint ranges", function () {
    ranges.forEach(([from, to], i) => {
      expect(from).to.be.at.most(to);
      if (i > 0) expect(from, codePointName(from)).to.be.above(ranges[i - 1]![1] + 1);
    });
  });

  it("agrees with this engine's \\p{Cn} as far as their versions allow", function () {
    this.timeout(60_000);
    // Assigned characters are never unassigned again: an older engine's Cn holds the table, a newer one's is held by it.
    const order = compare(process.versions.unicode ?? UNICODE_VERSION, UNICODE_VERSION);
    const differ: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const [table, engine] = [inTable(cp), engineUnassigned(cp)];
      if (table !== engine && (order === 0 || (order < 0 ? table : engine))) differ.push(codePointName(cp));
    }
    expect(differ.slice(0, 10)).to.deep.equal([]);
  });

  describe("firstUnassignedCodePoint", function () {
    it("finds the first unassigned code point, astral ones included", function () {
      expect(firstUnassignedCodePoint("abc\u0378\u0379")).to.equal(0x378);
      expect(firstUnassignedCodePoint("\u{1f600}\u{e0080}")).to.equal(0xe0080);
      expect(firstUnassignedCodePoint("x\u{10ffff}")).to.equal(0x10ffff);
    });

    it("finds every range's ends", function () {
      for (const [from, to] of ranges) {
        expect(firstUnassignedCodePoint(`a${String.fromCodePoint(from)}`)).to.equal(from);
        expect(firstUnassignedCodePoint(String.fromCodePoint(to))).to.equal(to);
      }
    });

    it("passes assigned, private use and lone surrogate code units", function () {
      expect(firstUnassignedCodePoint("Été 😀 \ue000 \u{10fffd} \ud800 \udfff")).to.equal(undefined);
      expect(firstUnassignedCodePoint(String.fromCodePoint(ranges[0]![0] - 1))).to.equal(undefined);
    });
  });
});
