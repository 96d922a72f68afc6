import { expect } from "chai";
import fc from "fast-check";
import type { DiffPart } from "../../../protocol";
import { wordDiff } from "../../../server/text/wordDiff";

const spell = (parts: DiffPart[], side: "delete" | "insert") =>
  parts
    .filter((part) => part.op === "equal" || part.op === side)
    .map((part) => part.text)
    .join("");

const words = fc.array(fc.constantFrom("600", "700", "millions", "d'euros", "levant", "é", "e\u0301", " ", "  ", "\n\n", "\u00a0", ".", ","), {
  maxLength: 30,
});

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
});
