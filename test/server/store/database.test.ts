import { expect } from "chai";
import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MIGRATIONS, openDatabase } from "../../../server/store/database";
import { PassageStore } from "../../../server/store/passages";
import { parseArticle } from "../../../protocol";
import { articlePassages, quotablePassages } from "../../../server/text/articlePassages";
import { frenchArticle, idOf } from "../../helpers/articles";

describe("openDatabase", function () {
  let dir: string;
  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-db-"));
  });
  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("moves a version 5 file's passages into the contentless index, where quotes still find them", async function () {
    // A file as the service wrote it before migration 6: every passage's text stored a second time.
    const file = path.join(dir, "index.sqlite");
    const old = new Database(file);
    for (const migration of MIGRATIONS.slice(0, 5)) old.exec(migration);
    old.pragma("user_version = 5");
    const parsed = parseArticle(frenchArticle());
    if (!parsed.success) throw new Error("the fixture is invalid");
    const { cid, contentHash } = await idOf(frenchArticle());
    old.prepare("INSERT INTO publishers (id, key, name, domain, registered_at) VALUES (1, '0xkey', 'Le Quotidien', 'quotidien.example', 0)").run();
    old.prepare("INSERT INTO articles (content_hash, cid, article, signature, publisher, stored_at) VALUES (?, ?, ?, '0x', '0xkey', 0)").run(contentHash, cid, JSON.stringify(parsed.article));
    old.prepare("INSERT INTO anchors (content_hash, cid, publisher_id, signer, block_number, tx_hash, log_index, anchored_at) VALUES (?, ?, 1, '0xkey', 7, '0xtx', 0, 0)").run(contentHash, cid);
    const insert = old.prepare("INSERT INTO passages (text, content_hash, kind, position) VALUES (?, ?, ?, ?)");
    const passages = quotablePassages(parsed.article);
    for (const { kind, index, text } of passages) insert.run(text, contentHash, kind, index);
    old.close();

    const db = openDatabase(file);
    expect(db.pragma("user_version", { simple: true })).to.equal(MIGRATIONS.length);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'passages_with_content'").get()).to.deep.equal({ n: 0 });
    const store = new PassageStore(db);
    const paragraph = passages.find((passage) => passage.kind === "paragraph" && passage.index === 1)!;
    const quote = paragraph.text.split(" ").slice(2, 12).join(" ");
    const found = store.withPhrase(quote, 10);
    expect(found[0]).to.deep.include({ contentHash, kind: "paragraph", index: 1, text: paragraph.text });
    expect(found[0]!.original).to.deep.equal(articlePassages(parsed.article).find((passage) => passage.kind === "paragraph" && passage.index === 1));
    for (const passage of found) expect(passage.text).to.include(quote);
    expect(store.withPhrase(passages[0]!.text, 10)[0]).to.deep.include({ kind: "title", index: 0 });
    db.close();
  });
});
