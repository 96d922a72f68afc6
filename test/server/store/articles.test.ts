import { expect } from "chai";
import { parseArticle, type ArticleInput } from "../../../protocol";
import { ArticleStore } from "../../../server/store/articles";
import { openDatabase, type Db } from "../../../server/store/database";
import { quotableChunks } from "../../../server/text/passageChunks";
import { englishArticle, frenchArticle, idOf } from "../../helpers/articles";

async function stored(input: ArticleInput) {
  const parsed = parseArticle(input);
  if (!parsed.success) throw new Error("the fixture is invalid");
  const { cid, contentHash } = await idOf(input);
  const article = { contentHash, cid, article: parsed.article, signature: "0x" as const, publisher: "0x0000000000000000000000000000000000000001" as const, previous: null };
  return { article, chunks: quotableChunks(parsed.article) };
}

const count = (db: Db, sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;
const indexed = (db: Db, word: string) => count(db, "SELECT count(*) AS n FROM passages WHERE passages MATCH ?", word);

describe("ArticleStore", function () {
  it("discards a text with its passages, full-text entries included, and leaves the other texts as they were", async function () {
    const db = openDatabase(":memory:");
    const store = new ArticleStore(db);
    const french = await stored(frenchArticle());
    const english = await stored(englishArticle());
    expect(store.save(french.article, french.chunks)).to.equal(true);
    expect(store.save(french.article, french.chunks), "a second save of the same hash stores nothing").to.equal(false);
    store.save(english.article, english.chunks);
    const frenchWord = "Mistral";
    expect(indexed(db, frenchWord)).to.be.greaterThan(0);
    const englishChunks = count(db, "SELECT count(*) AS n FROM passage_chunks") - french.chunks.length;

    store.discard(french.article.contentHash);

    expect(store.get(french.article.contentHash)).to.equal(undefined);
    expect(count(db, "SELECT count(*) AS n FROM articles")).to.equal(1);
    expect(count(db, "SELECT count(*) AS n FROM passage_chunks")).to.equal(englishChunks);
    expect(indexed(db, frenchWord)).to.equal(0);
    // The FTS5 index is consistent with its content table: 'integrity-check' fails otherwise.
    db.prepare("INSERT INTO passages (passages, rank) VALUES ('integrity-check', 1)").run();
    expect(store.get(english.article.contentHash)?.cid).to.equal(english.article.cid);
    db.close();
  });
});
