import { expect } from "chai";
import { ethers } from "hardhat";
import request from "supertest";
import { Wallet } from "ethers";
import { sampleArticle } from "../helpers/articles";
import { TEST_ADMIN_TOKEN, useTestService } from "../helpers/service";

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

describe("publisher identities: lookalikes refused at registration, flagged on chain", function () {
  const ctx = useTestService();
  const register = (name: string, domain: string, address = Wallet.createRandom().address) =>
    request(ctx.app).post("/v1/publishers").set(admin).send({ address, name, domain });

  /** Refused, with this status and code, and nothing sent to the chain. */
  async function refused(name: string, domain: string, status: number, code: string) {
    const block = await ethers.provider.getBlockNumber();
    const res = await register(name, domain).expect(status);
    expect(res.body.error.code, `${name} / ${domain}`).to.equal(code);
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    return res.body.error;
  }

  describe("POST /v1/publishers", function () {
    it("answers 400 publisher_invalid_name for invisible, bidi and control characters, naming the field and the rule", async function () {
      for (const [name, domain, field, rule] of [
        ["Demo\u200bNewsroom", "zwsp.example", "name", "invisible_character"],
        ["\u202emoorsweN omeD", "rlo.example", "name", "bidi_control"],
        ["Demo\nNewsroom", "newline.example", "name", "control_character"],
        ["Le Quotidien", "quoti\u200bdien.example", "domain", "invisible_character"],
      ] as const) {
        const error = await refused(name, domain, 400, "publisher_invalid_name");
        expect(error.details).to.deep.equal({ field, rule });
      }
    });

    it("answers 400 publisher_invalid_name for a domain that is not a domain name, HTML included", async function () {
      const error = await refused("Le Quotidien", "<b>quotidien</b>.example", 400, "publisher_invalid_name");
      expect(error.details).to.deep.equal({ field: "domain", rule: "not_a_domain_name" });
    });

    it("answers 409 publisher_domain_taken for an active publisher's domain under another key, in any case or form", async function () {
      for (const [name, domain] of [["Demo Newsroom", "demo.example"], ["Another Newsroom", "DEMO.Example"]]) {
        const error = await refused(name!, domain!, 409, "publisher_domain_taken");
        expect(error.details).to.deep.equal({ publisherId: 1, domain: "demo.example" });
      }
    });

    it("answers 409 publisher_confusable for a name or a domain that looks like an active publisher's", async function () {
      // Cyrillic е (U+0435) for the Latin e, a digit 0 for the o, capitals, a doubled space.
      for (const [name, domain, field] of [
        ["D\u0435mo Newsroom", "lookalike-1.example", "name"],
        ["Dem0 NEWSROOM", "lookalike-2.example", "name"],
        ["Demo  Newsroom", "lookalike-3.example", "name"],
        ["Lookalike", "d\u0435mo.example", "domain"],
        ["Lookalike", "dem0.example", "domain"],
      ] as const) {
        const error = await refused(name, domain, 409, "publisher_confusable");
        expect(error.details, `${name} / ${domain}`).to.deep.equal({ field, publisherId: 1 });
      }
    });

    it("registers an internationalized domain in its IDNA ASCII form, and shows it in Unicode", async function () {
      const address = Wallet.createRandom().address;
      const res = await register("Le Quotidién", "Quotidién.Example", address).expect(201);
      expect(res.body).to.include({ domain: "xn--quotidin-h1a.example", domainUnicode: "quotidién.example" });
      expect((await ctx.registry.getPublisher(res.body.id)).domain).to.equal("xn--quotidin-h1a.example");
      expect(res.body.identityWarnings).to.deep.equal([]);
      // The same domain written in Unicode is the same domain.
      await refused("Autre", "quotidién.example", 409, "publisher_domain_taken");
    });

    it("lets a newsroom whose identity was revoked register its name and domain again", async function () {
      const first = (await register("Returning Newsroom", "returning.example").expect(201)).body;
      await request(ctx.app).post(`/v1/publishers/${first.address}/revocation`).set(admin).expect(200);
      const again = (await register("Returning Newsroom", "returning.example").expect(201)).body;
      expect(again.id).to.not.equal(first.id);
      expect(again.identityWarnings).to.deep.equal([]);
    });

    it("lets one of two lookalikes sent at once through, not both", async function () {
      const answers = await Promise.all([register("Twin Newsroom", "twin.example"), register("Twin Newsroom", "twin.example")]);
      expect(answers.map((res) => res.status).sort()).to.deep.equal([201, 409]);
    });
  });

  describe("a publisher registered on chain without the service's checks", function () {
    const onChain = async (name: string, domain: string, key = Wallet.createRandom().address) => {
      await (await ctx.registry.registerPublisher(key, name, domain)).wait();
      await ctx.service.syncIndex();
      return (await request(ctx.app).get(`/v1/publishers/${key}`).expect(200)).body;
    };

    it("is shown with identityWarnings naming the earlier publisher it copies", async function () {
      const copy = await onChain("Demo Newsroom", "demo.example");
      expect(copy.identityWarnings.map(({ code, field, publisherId }: Record<string, unknown>) => ({ code, field, publisherId }))).to.deep.equal([
        { code: "domain_taken_by", field: "domain", publisherId: 1 },
        { code: "confusable_with", field: "name", publisherId: 1 },
      ]);
      // The earlier publisher is not blamed for the copy.
      expect((await request(ctx.app).get(`/v1/publishers/${ctx.publisher.address}`).expect(200)).body.identityWarnings).to.deep.equal([]);
    });

    it("is flagged for invisible or bidi characters and for a domain that is not one", async function () {
      const reversed = await onChain("\u202eSWEN", "reversed\u200b.example");
      expect(reversed.identityWarnings.map((warning: { code: string; field: string }) => `${warning.code}:${warning.field}`)).to.deep.equal([
        "invalid_characters:name",
        "invalid_characters:domain",
      ]);
      const html = await onChain("Markup Newsroom", "<img src=x>.example");
      expect(html.identityWarnings.map((warning: { code: string }) => warning.code)).to.deep.equal(["invalid_domain"]);
      expect(html.domainUnicode).to.equal(null);
      expect(html.domainCheck).to.include({ status: "unchecked", url: null });
    });

    it("carries its warnings into the provenance of its articles", async function () {
      const signer = ctx.other;
      const copy = await onChain("Demo Newsroorn", "demo-newsroom.example", signer.address);
      expect(copy.identityWarnings.map((warning: { code: string }) => warning.code)).to.deep.equal(["confusable_with"]);
      const record = (await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(sampleArticle(7), signer)).expect(201)).body;
      expect(record.publisher.identityWarnings).to.deep.equal(copy.identityWarnings);
    });
  });
});
