import { expect } from "chai";
import { identifyArticle, parseArticle, type ArticleId } from "../../protocol";
import { WORKED_EXAMPLE, frenchArticle, frenchCorrection } from "./workedExample";

async function identify(input: unknown): Promise<ArticleId> {
  const parsed = parseArticle(input);
  if (!parsed.success) expect.fail(`refused: ${JSON.stringify(parsed.issues)}`);
  return identifyArticle(parsed.article);
}

describe("protocol: the French fixture", function () {
  it("is already normalized, no-break spaces and typographic apostrophes kept", function () {
    const input = frenchArticle();
    const parsed = parseArticle(input);
    if (!parsed.success) expect.fail("refused");
    expect(parsed.article).to.deep.equal(input);
    expect(parsed.article.body.match(/\u00a0\n/g)).to.have.length(8);
    expect(parsed.article.body.match(/’/g)).to.have.length(41);
  });

  it("has the pinned CID", async function () {
    const { cid, contentHash } = await identify(frenchArticle());
    expect(cid).to.match(/^bagaaiera/);
    expect(cid).to.equal(WORKED_EXAMPLE.article.cid);
    expect(contentHash).to.equal(WORKED_EXAMPLE.article.contentHash);
  });

  it("has the same CID with NFD accents and CRLF line ends", async function () {
    const input = frenchArticle();
    const variant = {
      ...input,
      title: input.title.normalize("NFD"),
      body: input.body.normalize("NFD").replaceAll("\n", "\r\n"),
    };
    expect(variant.body).to.not.equal(input.body);
    expect(variant.body.length).to.be.greaterThan(input.body.length + 66);
    expect((await identify(variant)).cid).to.equal(WORKED_EXAMPLE.article.cid);
  });

  it("has another CID once 600 millions becomes 700 millions", async function () {
    const { cid } = await identify(frenchCorrection());
    expect(cid).to.match(/^bagaaiera/).and.not.equal(WORKED_EXAMPLE.article.cid);
    expect(cid).to.equal(WORKED_EXAMPLE.correction.cid);
  });

  it("has another CID when typographic apostrophes become ASCII ones", async function () {
    const input = frenchArticle();
    const { cid } = await identify({ ...input, body: input.body.replaceAll("’", "'") });
    expect(cid).to.not.equal(WORKED_EXAMPLE.article.cid);
  });

  it("has another CID when a trailing no-break space becomes a space", async function () {
    const input = frenchArticle();
    const { cid } = await identify({ ...input, body: input.body.replace("\u00a0\n", " \n") });
    expect(cid).to.not.equal(WORKED_EXAMPLE.article.cid);
  });
});
