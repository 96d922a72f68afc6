import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import fc from "fast-check";
import request from "supertest";
import { countWords, findQuote, normalizeQuote, parseArticle, QUOTE_LIMITS, type Hex } from "../../protocol";
import { articlePassages } from "../../server/text/articlePassages";
import { englishArticle, frenchArticle, idOf } from "../helpers/articles";
import { startTestService, type TestService } from "../helpers/service";
import { ArticleStore } from "../../server/store/articles";
import { databaseFile, openDatabase } from "../../server/store/database";
import { chunkBounds, quotableChunks } from "../../server/text/passageChunks";

/** A provenance record, as POST /v1/articles answered it. */
type ProvenanceRecord = { cid: string; contentHash: Hex } & Record<string, unknown>;

/** The paragraph of a fixture body that contains `words`, as the article has it (blank lines between paragraphs). */
function paragraphWith(body: string, words: string) {
  const paragraphs = body.split("\n\n");
  const index = paragraphs.findIndex((paragraph) => paragraph.includes(words));
  if (index === -1) throw new Error(`no paragraph has ${words}`);
  return { kind: "paragraph", index, text: paragraphs[index]!.trim() };
}

/** What copying from a web page may do: decomposed accents, plain spaces, straight quotes, hyphens, a CRLF. */
const asCopied = (text: string) =>
  text
    .normalize("NFD")
    .replace(/[\u00a0\u202f]/g, " ")
    .replace(/\u2019/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/ (?=\S+ \S+$)/, "\r\n");

describe("quotes API", function () {
  let ctx: TestService;
  let dataDir: string;
  let french: ProvenanceRecord;
  let english: ProvenanceRecord;
  const verifyQuote = (text: unknown) => request(ctx.app).post("/v1/verify/quote").send({ text });

  before(async function () {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-quotes-"));
    ctx = await startTestService({ dataDir });
    french = (await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(frenchArticle())).expect(201)).body;
    english = (await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(englishArticle())).expect(201)).body;
  });
  after(async function () {
    await ctx.service.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  describe("POST /v1/verify/quote", function () {
    describe("with a quote copied from an anchored article", function () {
      it("finds the French fixture and the paragraph, despite NBSP, typographic apostrophes, an en dash, CRLF and NFD", async function () {
        const paragraph = paragraphWith(frenchArticle().body, "Vous aimerez");
        expect(paragraph.text).to.include("aussi\u00a0: Une").and.include("l\u2019IA \u2013 et");
        const quote = asCopied("Une lettre ouverte met en garde contre l\u2019IA \u2013 et elle devrait également s\u2019appliquer");
        expect(quote).to.include("l'IA - et").and.include("\r\n").and.not.include("é");

        const res = await verifyQuote(`aussi : ${quote}`).expect(200);
        expect(res.body).to.deep.equal({
          quote: "aussi : Une lettre ouverte met en garde contre l'IA - et elle devrait également s'appliquer",
          matches: [{ provenance: french, passage: paragraph, exactCase: true }],
          closest: null,
        });
      });

      it("finds the English fixture's paragraph with straight quotes and a hyphen for the em dash", async function () {
        const quoted = paragraphWith(englishArticle().body, "Amira Haddad");
        const res = await verifyQuote(asCopied("\u201cThis is the most important transport decision the city has taken in a generation,\u201d said")).expect(200);
        expect(res.body.matches).to.deep.equal([{ provenance: english, passage: quoted, exactCase: true }]);

        const dashed = paragraphWith(englishArticle().body, "independent audit");
        const again = await verifyQuote("an independent audit of the budget - a motion that was defeated").expect(200);
        expect(again.body.matches).to.deep.equal([{ provenance: english, passage: dashed, exactCase: true }]);
      });

      it("finds the title and the subtitle as passages", async function () {
        const title = await verifyQuote("L'intersection du financement de Mistral AI").expect(200);
        expect(title.body.matches).to.deep.equal([
          { provenance: french, passage: { kind: "title", index: 0, text: frenchArticle().title }, exactCase: true },
        ]);
        const subtitle = await verifyQuote("The 6.2-kilometre line will link the ferry terminal").expect(200);
        expect(subtitle.body.matches).to.deep.equal([
          { provenance: english, passage: { kind: "subtitle", index: 0, text: englishArticle().subtitle }, exactCase: true },
        ]);
      });

      it("finds a quote in other letter case, with exactCase false", async function () {
        const res = await verifyQuote("RUPTURE : MISTRAL LÈVE UNE SÉRIE B de 640 millions").expect(200);
        expect(res.body.matches).to.have.length(1);
        expect(res.body.matches[0]).to.deep.include({ provenance: french, exactCase: false });
        expect(res.body.matches[0].passage).to.deep.equal(paragraphWith(frenchArticle().body, "RUPTURE"));
      });

      it("finds any run of three or more words of any passage of either fixture, however it was copied", async function () {
        const stored = await Promise.all([french, english].map(async (record) => ({ record, ...(await ctx.service.services.articles.get(record.cid)) })));
        const passages = stored.flatMap(({ record, article }) =>
          articlePassages(article).map((passage) => ({ record, tokens: normalizeQuote(passage.text).split(" ") })),
        );
        const copy = fc.constantFrom(
          (text: string) => text,
          (text: string) => text.normalize("NFD"),
          (text: string) => text.replace(/ /g, "\u00a0").replace(/'/g, "\u2019"),
          (text: string) => text.replace(/ /g, "\r\n").replace(/-/g, "\u2013"),
        );
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...passages), fc.nat(), fc.nat(), copy, async ({ record, tokens }, a, b, copied) => {
            const start = a % tokens.length;
            const quote = tokens.slice(start, start + 1 + (b % (tokens.length - start))).join(" ");
            fc.pre(countWords(quote) >= QUOTE_LIMITS.minWords && quote.length <= QUOTE_LIMITS.maxLength);

            const result = await ctx.service.services.quotes.verify(copied(quote));
            expect(result.quote).to.equal(quote);
            const match = result.matches.find((candidate) => candidate.provenance.cid === record.cid);
            expect(match, quote).to.not.equal(undefined);
            expect(findQuote(normalizeQuote(match!.passage.text), quote)).to.deep.equal({ exactCase: true });
          }),
          { numRuns: 200 },
        );
      });
    });

    describe("with a tampered quote", function () {
      it("matches nothing and shows the anchored sentence's figure changed: 600 deleted, 700 inserted", async function () {
        const quote = "Mistral AI, une startup technologique française, a récemment conclu un important tour de table, levant 700 millions d'euros";
        const res = await verifyQuote(quote).expect(200);
        expect(res.body.matches).to.deep.equal([]);
        expect(res.body.closest).to.deep.equal({
          provenance: french,
          passage: paragraphWith(frenchArticle().body, "600 millions d'euros"),
          similarity: 34 / 36,
          diff: [
            { op: "equal", text: "Mistral AI, une startup technologique française, a récemment conclu un important tour de table, levant " },
            { op: "delete", text: "600" },
            { op: "insert", text: "700" },
            { op: "equal", text: " millions d'euros" },
          ],
        });
      });

      it("answers docs/api.md's example: a short quote aligned with the stretch it comes from", async function () {
        const res = await verifyQuote("levant 700 millions d\u2019euros").expect(200);
        expect(res.body.quote).to.equal("levant 700 millions d'euros");
        expect(res.body.closest).to.deep.include({ similarity: 0.75 });
        expect(res.body.closest.passage).to.include({ kind: "paragraph", index: 4 });
        expect(res.body.closest.diff).to.deep.equal([
          { op: "equal", text: "levant " },
          { op: "delete", text: "600" },
          { op: "insert", text: "700" },
          { op: "equal", text: " millions d'euros" },
        ]);
      });

      it("shows a word changed in the English fixture the same way", async function () {
        const res = await verifyQuote("The council promised a compensation fund of €2.5 million for businesses").expect(200);
        expect(res.body.matches).to.deep.equal([]);
        expect(res.body.closest.provenance).to.deep.equal(english);
        expect(res.body.closest.diff).to.deep.equal([
          // jsdiff splits "€1.5" into "€", "1", "." and "5": only the digit changed.
          { op: "equal", text: "The council promised a compensation fund of €" },
          { op: "delete", text: "1" },
          { op: "insert", text: "2" },
          { op: "equal", text: ".5 million for businesses" },
        ]);
      });
    });

    describe("with a quote from no anchored article", function () {
      it("answers no match and closest null, even when it shares common words with a passage", async function () {
        for (const quote of ["The quick brown fox jumps over the lazy dog", "the council voted against the budget of the city"]) {
          const res = await verifyQuote(quote).expect(200);
          expect(res.body, quote).to.deep.equal({ quote, matches: [], closest: null });
        }
      });
    });

    describe("with an article stored but not anchored", function () {
      const tampered = () => {
        const article = frenchArticle();
        return { ...article, body: `${article.body.replace("600 millions", "700 millions")}\n\nUne phrase que seul ce texte contient.` };
      };

      before(async function () {
        const parsed = parseArticle(tampered());
        if (!parsed.success) throw new Error("the tampered fixture is invalid");
        const { cid, contentHash } = await idOf(tampered());
        // Stored without an anchor, as a text the service accepted but the chain never confirmed:
        // written through a connection of its own to the service's database file.
        const db = openDatabase(databaseFile(dataDir, ctx.chainId, ctx.deployment.address));
        new ArticleStore(db).save(
          {
            contentHash,
            cid,
            article: parsed.article,
            signature: `0x${"11".repeat(65)}`,
            publisher: ctx.other.address as Hex,
            previous: null,
          },
          quotableChunks(parsed.article),
        );
        db.close();
        await request(ctx.app).get(`/v1/articles/${cid}`).expect(200);
      });

      it("never returns it as a match: its tampered sentence is only close to the anchored one", async function () {
        const res = await verifyQuote("levant 700 millions d'euros (environ 640 millions de dollars)").expect(200);
        expect(res.body.matches).to.deep.equal([]);
        expect(res.body.closest.provenance).to.deep.equal(french);
      });

      it("never returns it as the closest passage", async function () {
        const res = await verifyQuote("Une phrase que seul ce texte contient.").expect(200);
        expect(res.body).to.deep.include({ matches: [], closest: null });
      });

      it("matches it once it is anchored: its passages were indexed when its text was first stored", async function () {
        const anchored = (await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(tampered())).expect(201)).body;
        const res = await verifyQuote("Une phrase que seul ce texte contient.").expect(200);
        expect(res.body.matches).to.deep.equal([
          { provenance: anchored, passage: paragraphWith(tampered().body, "Une phrase que seul"), exactCase: true },
        ]);
      });
    });

    describe("with a paragraph longer than a chunk", function () {
      // One paragraph of 24,000 distinct words (about 190,000 characters): some 30 chunks.
      const words = Array.from({ length: 24_000 }, (_, i) => `palabra${i}`);
      const article = { title: "Un párrafo muy largo", body: words.join(" "), publishedAt: "2026-05-01T00:00:00Z", language: "es" };
      const bounds = chunkBounds(article.body);
      let record: ProvenanceRecord;

      before(async function () {
        record = (await request(ctx.app).post("/v1/articles").send(await ctx.publishBody(article)).expect(201)).body;
      });

      it("finds a quote that runs across the end of a chunk, in the next chunk, and says where the chunk sits", async function () {
        const [, firstEnd] = bounds[0]!;
        const quote = `${article.body.slice(0, firstEnd).split(" ").slice(-8).join(" ")} ${article.body.slice(firstEnd + 1).split(" ").slice(0, 8).join(" ")}`;
        expect(article.body.slice(0, firstEnd)).to.not.include(quote);
        const res = await verifyQuote(quote).expect(200);
        expect(res.body.matches).to.have.length(1);
        const [{ provenance, passage }] = res.body.matches;
        expect(provenance).to.deep.equal(record);
        const [start, end] = bounds[1]!;
        expect(passage).to.deep.equal({ kind: "paragraph", index: 0, text: article.body.slice(start, end), chunk: { start, end } });
        expect(passage.text).to.include(quote);
      });

      it("aligns a changed quote with the chunk it comes from", async function () {
        const quote = words.slice(15_000, 15_012).join(" ").replace("palabra15006", "palabra99999");
        const res = await verifyQuote(quote).expect(200);
        expect(res.body.matches).to.deep.equal([]);
        expect(res.body.closest.provenance).to.deep.equal(record);
        expect(res.body.closest.passage.chunk).to.be.an("object");
        expect(res.body.closest.passage.text).to.include(words.slice(15_000, 15_012).join(" "));
        expect(res.body.closest.diff.filter((part: { op: string }) => part.op !== "equal")).to.deep.equal([
          { op: "delete", text: "palabra15006" },
          { op: "insert", text: "palabra99999" },
        ]);
      });
    });

    describe("with control characters", function () {
      it("answers a quote with a NUL or other controls among its words, as any other text", async function () {
        for (const text of ["levant 600\u0000millions d'euros", "\u0000levant 600 millions\u0000", "levant\u0007 600 \u001bmillions d'euros\u007f"]) {
          const res = await verifyQuote(text).expect(200);
          expect(res.body.quote, JSON.stringify(text)).to.equal(normalizeQuote(text));
          expect(res.body.matches).to.deep.equal([]);
        }
      });
    });

    describe("with a quote out of bounds", function () {
      it(`answers 400 quote_too_short under ${QUOTE_LIMITS.minWords} words, punctuation not counting`, async function () {
        const res = await verifyQuote(" 600 \u2013 millions ").expect(400);
        expect(res.body.error).to.deep.include({ code: "quote_too_short", details: { words: 2, minWords: 3 } });
      });

      it(`answers 400 quote_too_long over ${QUOTE_LIMITS.maxLength} characters once normalized`, async function () {
        const atLimit = `${"mot ".repeat(499)}mots`;
        expect(atLimit).to.have.length(QUOTE_LIMITS.maxLength);
        const copied = await verifyQuote(atLimit.replace(/ /g, "\r\n\u00a0")).expect(200);
        expect(copied.body.quote).to.equal(atLimit);
        const res = await verifyQuote(`${atLimit}s`).expect(400);
        expect(res.body.error).to.deep.include({ code: "quote_too_long", details: { length: 2_001, maxLength: 2_000 } });
      });

      it("answers 400 invalid_request for a body without a text string", async function () {
        for (const body of [{}, { text: 42 }, { text: "one two three", extra: true }]) {
          const res = await request(ctx.app).post("/v1/verify/quote").send(body).expect(400);
          expect(res.body.error.code).to.equal("invalid_request");
        }
      });
    });
  });
});
