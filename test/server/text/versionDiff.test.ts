import { expect } from "chai";
import fc from "fast-check";
import type { DiffPart } from "../../../protocol";
import { DIFF_BOUNDS, versionDiff } from "../../../server/text/versionDiff";

const spell = (parts: DiffPart[], side: "delete" | "insert") =>
  parts
    .filter((part) => part.op === "equal" || part.op === side)
    .map((part) => part.text)
    .join("");

/** Both texts rebuilt from the parts, no empty part, no two neighbours of one kind. */
function expectSound(before: string, after: string, parts: DiffPart[]) {
  expect(spell(parts, "delete")).to.equal(before);
  expect(spell(parts, "insert")).to.equal(after);
  expect(parts.every((part) => part.text !== "")).to.equal(true);
  expect(parts.every((part, i) => i === 0 || parts[i - 1]!.op !== part.op)).to.equal(true);
}

/** `count` distinct words, from `from` on: no two texts made from different ranges share one. */
const words = (from: number, count: number) => Array.from({ length: count }, (_, i) => `w${from + i}`);
/** Paragraphs of `size` words each. */
const paragraphs = (list: string[], size: number) => {
  const out: string[] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size).join(" "));
  return out.join("\n\n");
};

describe("text: versionDiff", function () {
  it("shows a corrected figure word by word", function () {
    const { parts, by } = versionDiff("Title\n\nlevant 600 millions d'euros.\n\nFin.", "Title\n\nlevant 700 millions d'euros.\n\nFin.");
    expect(by).to.equal("word");
    expect(parts).to.deep.equal([
      { op: "equal", text: "Title\n\nlevant " },
      { op: "delete", text: "600" },
      { op: "insert", text: "700" },
      { op: "equal", text: " millions d'euros.\n\nFin." },
    ]);
  });

  it("still diffs word by word a figure corrected in the largest article, its unchanged paragraphs set aside", function () {
    const body = paragraphs(words(0, 300_000), 100);
    expect(body.length).to.be.above(1_900_000);
    const after = body.replace("w150000 ", "w150000x ");
    const { parts, by } = versionDiff(body, after);
    expect(by).to.equal("word");
    expect(parts.filter((part) => part.op !== "equal")).to.deep.equal([
      { op: "delete", text: "w150000" },
      { op: "insert", text: "w150000x" },
    ]);
    expectSound(body, after, parts);
  });

  it(`falls back to paragraphs past ${DIFF_BOUNDS.wordEdits} word edits: changed paragraphs whole, unchanged ones equal`, function () {
    const before = ["Same start.", paragraphs(words(0, 4_000), 50), "Same end."].join("\n\n");
    const after = ["Same start.", paragraphs(words(10_000, 4_000), 50), "Same end."].join("\n\n");
    const { parts, by } = versionDiff(before, after);
    expect(by).to.equal("paragraph");
    expectSound(before, after, parts);
    expect(parts[0]).to.deep.equal({ op: "equal", text: "Same start.\n\n" });
    expect(parts.at(-1)).to.deep.equal({ op: "equal", text: "\n\nSame end." });
    // Whole paragraphs: every changed part begins and ends on a paragraph's edge.
    for (const part of parts.filter((p) => p.op !== "equal")) expect(part.text).to.match(/^w\d+.*\bw\d+$/s);
  });

  it("falls back to paragraphs when the changed paragraphs are too long to diff word by word", function () {
    const before = paragraphs(words(0, 20_000), 5_000);
    const after = before.replaceAll(/w(\d+)5 /g, "v$15 ");
    expect(before.length + after.length).to.be.above(DIFF_BOUNDS.wordDiffChars);
    const { parts, by } = versionDiff(before, after);
    expect(by).to.equal("paragraph");
    expectSound(before, after, parts);
  });

  it(`shows the changed stretch replaced as one block past ${DIFF_BOUNDS.paragraphEdits} paragraph edits`, function () {
    const before = paragraphs(words(0, 3_000), 1);
    const after = paragraphs(words(0, 3_000).reverse(), 1);
    const { parts, by } = versionDiff(before, after);
    expect(by).to.equal("paragraph");
    expect(parts).to.deep.equal([{ op: "delete", text: before }, { op: "insert", text: after }]);
  });

  it("answers the largest versions the limits allow, with nothing in common, as one replacement", function () {
    const before = paragraphs(words(0, 300_000), 100);
    const after = paragraphs(words(1_000_000, 300_000), 100);
    const { parts, by } = versionDiff(before, after);
    expect(by).to.equal("paragraph");
    expect(parts).to.deep.equal([{ op: "delete", text: before }, { op: "insert", text: after }]);
  });

  it("loses nothing, whatever the texts: the parts spell both versions", function () {
    const piece = fc.constantFrom("600", "700", "millions", "é", "e\u0301", " ", "\n", "\n\n", "\n \n\n", "\u00a0", ".", "Fin");
    const text = fc.array(piece, { maxLength: 40 }).map((list) => list.join(""));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const { parts } = versionDiff(before, after);
        expectSound(before, after, parts);
      }),
      { numRuns: 500 },
    );
  });
});
