import { expect } from "chai";
import { Wallet } from "ethers";
import {
  checkPublisherStatement,
  parseStatementOrigins,
  PUBLISHER_STATEMENT_FORMAT,
  publisherStatementUrl,
  readPublisherStatement,
} from "../../protocol";

describe("protocol: the domain statement (/.well-known/newsprov.json)", function () {
  const key = Wallet.createRandom().address;
  const registry = Wallet.createRandom().address;
  const subject = { chainId: 31337, registry, key };
  const statement = (publishers: unknown[]) => JSON.stringify({ format: PUBLISHER_STATEMENT_FORMAT, publishers });

  describe("checkPublisherStatement", function () {
    it("confirms a statement that lists the chain, the registry and the key, whatever their case", function () {
      const text = statement([{ chainId: 31337, registry: registry.toLowerCase(), key: key.toLowerCase(), name: "Le Quotidien" }]);
      expect(checkPublisherStatement(text, subject)).to.deep.equal({ status: "confirmed", reason: null });
    });

    it("answers not_listed when the key is listed only for another chain or registry, or not at all", function () {
      for (const publishers of [
        [{ chainId: 1, registry, key }],
        [{ chainId: 31337, registry: Wallet.createRandom().address, key }],
        [{ chainId: 31337, registry, key: Wallet.createRandom().address }],
        [],
      ]) {
        const verdict = checkPublisherStatement(statement(publishers), subject);
        expect(verdict.status).to.equal("not_listed");
        expect(verdict.reason).to.contain(key);
      }
    });

    it("answers unreachable for what is not a v1 statement, naming why", function () {
      const cases: [string, string][] = [
        ["<html>", "not JSON"],
        [JSON.stringify({ format: "newsprov-publisher-v2", publishers: [] }), PUBLISHER_STATEMENT_FORMAT],
        [statement([{ chainId: 31337, registry, key: "0x123" }]), "publishers.0.key"],
        // Two parsers could read two statements from this one: it states nothing.
        [`{"format":"${PUBLISHER_STATEMENT_FORMAT}","publishers":[],"publishers":[{"chainId":31337,"registry":"${registry}","key":"${key}"}]}`, "not JSON"],
      ];
      for (const [text, why] of cases) {
        const verdict = checkPublisherStatement(text, subject);
        expect(verdict.status, text).to.equal("unreachable");
        expect(verdict.reason, text).to.contain(why);
      }
    });

    it("reads members a later version may add, and ignores them", function () {
      const read = readPublisherStatement(JSON.stringify({ format: PUBLISHER_STATEMENT_FORMAT, contact: "x", publishers: [{ ...subject, since: 1 }] }));
      expect(read).to.have.property("statement");
    });
  });

  describe("publisherStatementUrl and parseStatementOrigins", function () {
    it("is https://<domain in IDNA ASCII>/.well-known/newsprov.json unless an origin is mapped", function () {
      expect(publisherStatementUrl("Quotidién.example")).to.equal("https://xn--quotidin-h1a.example/.well-known/newsprov.json");
      const origins = parseStatementOrigins(" second.example=http://127.0.0.1:4100 , quotidién.example=https://10.0.0.2:8443/");
      expect(publisherStatementUrl("second.example", origins)).to.equal("http://127.0.0.1:4100/.well-known/newsprov.json");
      expect(publisherStatementUrl("QUOTIDIÉN.example", origins)).to.equal("https://10.0.0.2:8443/.well-known/newsprov.json");
      expect(publisherStatementUrl("other.example", origins)).to.equal("https://other.example/.well-known/newsprov.json");
      expect(publisherStatementUrl("not a domain")).to.equal(undefined);
    });

    it("refuses an entry that is not domain=origin, naming it", function () {
      for (const text of ["second.example", "second.example=ftp://127.0.0.1", "second.example=http://127.0.0.1/path", "bad domain=http://127.0.0.1", "a.example=http://x=y"]) {
        expect(() => parseStatementOrigins(text), text).to.throw(/is not/);
      }
    });
  });
});
