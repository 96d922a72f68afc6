import { expect } from "chai";
import fc from "fast-check";
import type { DiffPart } from "../../../protocol";
import { replacement, wordDiff as boundedWordDiff } from "../../../server/text/wordDiff";

const spell = (parts: DiffPart[], side: "delete" | "insert") =>
  parts
    .filter((part) => part.op === "equal" || part.op === side)
    .map((part) => part.text)
    .join("");

const words = fc.array(fc.constantFrom("600", "700", "millions", "d'euros", "levant", "é", "e\u0301", " ", "  ", "\n\n", "\u00a0", ".", ","), {
  maxLength: 30,
});

/** With a budget no test text reaches. */
const wordDiff = (before: string, after: string) => boundedWordDiff(before, after, 10_000)!;

describe("text: wordDiff", function () {
  it("shows a changed figure as one deleted and one inserted word", function () {
    expect(wordDiff("levant 600 millions d'euros", "levant 700 millions d'euros")).to.deep.equal([
      { op: "equal", text: "levant " },
      { op: "delete", text: "600" },
      { op: "insert", text: "700" },
      { op: "equal", text: " millions d'euros" },
    ]);
  });

  it("is one equal part for the same text", function () {
    expect(wordDiff("the same words", "the same words")).to.deep.equal([{ op: "equal", text: "the same words" }]);
  });

  it("is one insertion from an empty text", function () {
    expect(wordDiff("", "new words")).to.deep.equal([{ op: "insert", text: "new words" }]);
  });

  it("keeps whitespace changes, such as a paragraph split", function () {
    expect(wordDiff("one two", "one\n\ntwo")).to.deep.equal([
      { op: "equal", text: "one" },
      { op: "delete", text: " " },
      { op: "insert", text: "\n\n" },
      { op: "equal", text: "two" },
    ]);
  });

  it("loses nothing: equal and deleted parts spell the text before, equal and inserted parts the text after", function () {
    fc.assert(
      fc.property(words, words, (before, after) => {
        const parts = wordDiff(before.join(""), after.join(""));
        expect(spell(parts, "delete")).to.equal(before.join(""));
        expect(spell(parts, "insert")).to.equal(after.join(""));
      }),
    );
  });

  it("gives up past its edit budget, counting words and whitespace runs deleted or inserted", function () {
    // "a" → "b" is one deletion and one insertion: two edits.
    expect(boundedWordDiff("one a two", "one b two", 2)).to.deep.equal(wordDiff("one a two", "one b two"));
    expect(boundedWordDiff("one a two", "one b two", 1)).to.equal(undefined);
    const reversed = Array.from({ length: 1_000 }, (_, i) => `w${i}`);
    expect(boundedWordDiff(reversed.join(" "), [...reversed].reverse().join(" "), 1_000)).to.equal(undefined);
  });

  it("replaces a whole text by another, keeping what spells each", function () {
    expect(replacement("old words", "new words")).to.deep.equal([{ op: "delete", text: "old words" }, { op: "insert", text: "new words" }]);
    expect(replacement("", "new")).to.deep.equal([{ op: "insert", text: "new" }]);
    expect(replacement("same", "same")).to.deep.equal([{ op: "equal", text: "same" }]);
    expect(replacement("", "")).to.deep.equal([]);
  });
});
