import { expect } from "chai";
import fc from "fast-check";
import { DuplicateKeyError, findDuplicateKey, parseArticleJson, parseJsonStrict } from "../../protocol";

describe("protocol: duplicate member names", function () {
  describe("findDuplicateKey", function () {
    it("finds a member name repeated in one object, with its path", function () {
      expect(findDuplicateKey('{"title":"A","title":"B"}')).to.deep.equal({ path: ["title"], key: "title" });
      expect(findDuplicateKey('{"items":[{"a":1},{"article":{"x":{"k":1,"k":2}}}]}')).to.deep.equal({
        path: ["items", 1, "article", "x", "k"],
        key: "k",
      });
    });

    it("compares names after unescaping", function () {
      expect(findDuplicateKey('{"title":"A","\\u0074itle":"B"}')).to.deep.include({ key: "title" });
      expect(findDuplicateKey('{"\\ud800":1,"\\ud800":2}')).to.deep.include({ key: "\ud800" });
    });

    it("lets the same name appear in different objects", function () {
      expect(findDuplicateKey('{"a":{"a":1},"b":[{"a":1},{"a":2}]}')).to.equal(undefined);
    });

    it("says nothing of a text that is not JSON: JSON.parse does", function () {
      for (const text of ['{"a":1,"a":2', '{"a":1,/*c*/"a":2}', '{"a":1,"a":2,}', ""]) expect(findDuplicateKey(text), text).to.equal(undefined);
    });

    it("says nothing of a text nested too deeply to walk, instead of overflowing the stack", function () {
      const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
      expect(findDuplicateKey(deep)).to.equal(undefined);
      expect(findDuplicateKey(`{"a":${"[".repeat(300)}{"k":1,"k":2}${"]".repeat(300)}}`)).to.deep.include({ key: "k" });
    });

    it("finds none in any JSON.stringify output, and finds one added anywhere", function () {
      fc.assert(
        fc.property(fc.jsonValue(), fc.string(), (value, key) => {
          const text = JSON.stringify(value);
          expect(findDuplicateKey(text)).to.equal(undefined);
          const name = JSON.stringify(key);
          expect(findDuplicateKey(`{${name}:${text},"x":0,${name}:null}`)).to.deep.equal({ path: [key], key });
        }),
      );
    });
  });

  describe("parseJsonStrict", function () {
    it("returns JSON.parse's value, throws DuplicateKeyError or SyntaxError", function () {
      expect(parseJsonStrict('{"a":[1,{"b":2}]}')).to.deep.equal({ a: [1, { b: 2 }] });
      expect(() => parseJsonStrict('{"a":1,"a":1}')).to.throw(DuplicateKeyError, '"a" appears twice');
      expect(() => parseJsonStrict("{")).to.throw(SyntaxError);
    });
  });

  describe("parseArticleJson", function () {
    it("refuses an article that repeats a member with rule duplicate_key", function () {
      const result = parseArticleJson('{"title":"A","body":"B","publishedAt":"2024-06-12T07:00:00Z","title":"C"}');
      expect(result.success).to.equal(false);
      if (!result.success) expect(result.issues).to.have.deep.members([{ path: ["title"], rule: "duplicate_key", message: result.issues[0]!.message }]);
    });
  });
});
