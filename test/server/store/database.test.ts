import { expect } from "chai";
import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MIGRATIONS, openDatabase } from "../../../server/store/database";
import { PassageStore } from "../../../server/store/passages";
import { parseArticle } from "../../../protocol";
import { articlePassages } from "../../../server/text/articlePassages";
import { normalizeQuote } from "../../../protocol";
import { frenchArticle, idOf } from "../../helpers/articles";

describe("openDatabase", function () {
  let dir: string;
  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-db-"));
  });
  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("rebuilds a version 5 file's passages from its articles into the chunk index, where quotes still find them", async function () {
    // A file as the service wrote it before migration 6: every passage's text stored a second time.
    const file = path.join(dir, "index.sqlite");
    const old = new Database(file);
    for (const migration of MIGRATIONS.slice(0, 5)) old.exec(migration as string);
    old.pragma("user_version = 5");
    const parsed = parseArticle(frenchArticle());
    if (!parsed.success) throw new Error("the fixture is invalid");
    const { cid, contentHash } = await idOf(frenchArticle());
    old.prepare("INSERT INTO publishers (id, key, name, domain, registered_at) VALUES (1, '0xkey', 'Le Quotidien', 'quotidien.example', 0)").run();
    old.prepare("INSERT INTO articles (content_hash, cid, article, signature, publisher, stored_at) VALUES (?, ?, ?, '0x', '0xkey', 0)").run(contentHash, cid, JSON.stringify(parsed.article));
    old.prepare("INSERT INTO anchors (content_hash, cid, publisher_id, signer, block_number, tx_hash, log_index, anchored_at) VALUES (?, ?, 1, '0xkey', 7, '0xtx', 0, 0)").run(contentHash, cid);
    const insert = old.prepare("INSERT INTO passages (text, content_hash, kind, position) VALUES (?, ?, ?, ?)");
    const passages = articlePassages(parsed.article);
    for (const { kind, index, text } of passages) insert.run(normalizeQuote(text), contentHash, kind, index);
    old.close();

    const db = openDatabase(file);
    expect(db.pragma("user_version", { simple: true })).to.equal(MIGRATIONS.length);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'passages_with_content'").get()).to.deep.equal({ n: 0 });
    expect(db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM passage_chunks").get()!.n).to.equal(passages.length);
    const store = new PassageStore(db);
    const paragraph = passages.find((passage) => passage.kind === "paragraph" && passage.index === 1)!;
    const quote = normalizeQuote(paragraph.text).split(" ").slice(2, 12).join(" ");
    const found = store.withPhrase(quote, 10);
    expect(found[0]).to.deep.include({ contentHash, text: normalizeQuote(paragraph.text), passage: paragraph });
    for (const candidate of found) expect(candidate.text).to.include(quote);
    expect(store.withPhrase(normalizeQuote(passages[0]!.text), 10)[0]!.passage).to.deep.include({ kind: "title", index: 0 });
    db.close();
  });
});
