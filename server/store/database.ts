import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { NormalizedArticle } from "../../protocol";
import { quotableChunks } from "../text/passageChunks";
import { passageWriter } from "./passageRows";

export type Db = Database.Database;

/** The service's database file for a chain and registry: an index is only ever compared with the chain it came from. */
export const databaseFile = (dataDir: string, chainId: bigint, registry: string) => path.join(dataDir, `provenance-${chainId}-${registry}.sqlite`);

/** SQL, or for what SQL cannot compute (a text's quote-normalized form), a function of the database. */
export type Migration = string | ((db: Db) => void);

// Each entry moves the schema one version up; PRAGMA user_version records how far a file got.
// Append only: a released migration is never edited.
export const MIGRATIONS: readonly Migration[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

  -- The chain index: rebuilt from the registry's events alone.
  CREATE TABLE publishers (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    domain        TEXT NOT NULL,
    registered_at INTEGER NOT NULL,
    revoked_at    INTEGER
  ) STRICT;
  CREATE TABLE anchors (
    content_hash  TEXT PRIMARY KEY,
    cid           TEXT NOT NULL UNIQUE,
    publisher_id  INTEGER NOT NULL REFERENCES publishers(id),
    signer        TEXT NOT NULL,
    previous      TEXT,
    block_number  INTEGER NOT NULL,
    tx_hash       TEXT NOT NULL,
    log_index     INTEGER NOT NULL,
    anchored_at   INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX anchors_by_publisher ON anchors (publisher_id, block_number);
  CREATE INDEX anchors_by_previous ON anchors (previous);

  -- Article texts: the chain holds only their hashes, so the service keeps what it was given.
  CREATE TABLE articles (
    content_hash  TEXT PRIMARY KEY,
    cid           TEXT NOT NULL UNIQUE,
    article       TEXT NOT NULL,
    signature     TEXT NOT NULL,
    publisher     TEXT NOT NULL,
    previous      TEXT,
    stored_at     INTEGER NOT NULL
  ) STRICT;
  `,
  `
  -- Every key an identity ever had: old articles keep their publisher after a key rotation.
  CREATE TABLE publisher_keys (
    key           TEXT PRIMARY KEY,
    publisher_id  INTEGER NOT NULL REFERENCES publishers(id)
  ) STRICT;
  INSERT INTO publisher_keys (key, publisher_id) SELECT key, id FROM publishers;
  CREATE TABLE retractions (
    content_hash  TEXT PRIMARY KEY,
    publisher_id  INTEGER NOT NULL REFERENCES publishers(id),
    reason        TEXT NOT NULL,
    block_number  INTEGER NOT NULL,
    tx_hash       TEXT NOT NULL,
    retracted_at  INTEGER NOT NULL
  ) STRICT;
  `,
  `
  -- Quotable passages of stored article texts (title, subtitle, paragraphs) in their quote-normalized
  -- form, for quote verification. Written with the text, in the same transaction.
  CREATE VIRTUAL TABLE passages USING fts5(
    text,
    content_hash  UNINDEXED,
    kind          UNINDEXED,
    position      UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  `,
  `
  -- Batches this service built. The chain holds only their roots, so each leaf and its Merkle
  -- proof live here (and in receipts); the follower turns them into anchors when the root's
  -- BatchAnchored event arrives.
  CREATE TABLE batches (
    root          TEXT PRIMARY KEY,
    count         INTEGER NOT NULL,
    created_at    INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE batch_leaves (
    content_hash  TEXT PRIMARY KEY,
    root          TEXT NOT NULL REFERENCES batches(root),
    leaf_index    INTEGER NOT NULL,
    publisher     TEXT NOT NULL,
    previous      TEXT NOT NULL,
    signature     TEXT NOT NULL,
    proof         TEXT NOT NULL
  ) STRICT;
  CREATE INDEX batch_leaves_by_root ON batch_leaves (root, leaf_index);
  ALTER TABLE anchors ADD COLUMN batch_root TEXT;
  `,
  `
  -- The publish journal: every accepted publication until the chain confirms it. Written in the
  -- same transaction as the article text, before any transaction is sent; read on start to finish
  -- what a crash interrupted. status: accepted (not in a transaction yet), batched (its batch is
  -- stored, batch_root), sent (its own transaction, tx_hash), failed (the chain refused it: error).
  CREATE TABLE intents (
    content_hash  TEXT PRIMARY KEY,
    status        TEXT NOT NULL CHECK (status IN ('accepted', 'batched', 'sent', 'failed')),
    batch_root    TEXT,
    tx_hash       TEXT,
    error         TEXT,
    updated_at    INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX intents_by_status ON intents (status);
  `,
  `
  -- The passage index without a second copy of every text (half of what each publication wrote):
  -- a contentless FTS5 table whose rowid says where a passage is, (article rowid << 21) + slot,
  -- slot 0 the title, 1 the subtitle, 2 + i paragraph i; the text is read from the article.
  ALTER TABLE passages RENAME TO passages_with_content;
  CREATE VIRTUAL TABLE passages USING fts5(text, content = '', tokenize = 'unicode61 remove_diacritics 2');
  INSERT INTO passages (rowid, text)
    SELECT (ar.rowid << 21) + CASE p.kind WHEN 'title' THEN 0 WHEN 'subtitle' THEN 1 ELSE 2 + p.position END, p.text
    FROM passages_with_content p JOIN articles ar ON ar.content_hash = p.content_hash;
  DROP TABLE passages_with_content;
  `,
  `
  -- Every batch root the registry anchored, in chain order, with whether its file was sound: what
  -- GET /v1/batches lists for mirrors. Part of the chain index: rebuilt from the chain's events.
  CREATE TABLE anchored_batches (
    root          TEXT PRIMARY KEY,
    block_number  INTEGER NOT NULL,
    log_index     INTEGER NOT NULL,
    tx_hash       TEXT NOT NULL,
    count         INTEGER NOT NULL,
    anchored_at   INTEGER NOT NULL,
    problem       TEXT
  ) STRICT;
  CREATE UNIQUE INDEX anchored_batches_in_order ON anchored_batches (block_number, log_index);
  `,
  `
  -- The last check of each publisher's domain statement (/.well-known/newsprov.json): what this
  -- service observed, not chain data, so ChainIndex.clear keeps it (no foreign key to publishers,
  -- which a rebuild empties). A row speaks only for the key and domain it checked: once the
  -- identity's key or domain differs (a rotation, a rebuilt index), the publisher reads as unchecked.
  CREATE TABLE domain_checks (
    publisher_id  INTEGER PRIMARY KEY,
    key           TEXT NOT NULL,
    domain        TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('confirmed', 'not_listed', 'unreachable')),
    url           TEXT,
    reason        TEXT,
    checked_at    INTEGER NOT NULL
  ) STRICT;
  -- The key rotations of each publisher, counted for every publisher object (and for the whole list
  -- when the identity warnings are computed anew): without it each count scans every key.
  CREATE INDEX publisher_keys_by_publisher ON publisher_keys (publisher_id);
  `,
  `
  -- The diff between two versions of an article (before corrects nothing or an earlier version,
  -- after corrects before), computed on the first request for its history and kept: the texts a
  -- content hash names never change. diff_by: word, or paragraph when the changes were too many or
  -- too long to diff word by word. parts: the DiffPart[] as the UTF-8 bytes of its JSON, sent as
  -- they are.
  CREATE TABLE version_diffs (
    before_hash   TEXT NOT NULL,
    after_hash    TEXT NOT NULL,
    diff_by       TEXT NOT NULL CHECK (diff_by IN ('word', 'paragraph')),
    parts         BLOB NOT NULL,
    PRIMARY KEY (before_hash, after_hash)
  ) STRICT;
  `,
  (db) => {
    // The passage index with its passages stored, normalized and cut into chunks of at most
    // 8,000 code units (server/text/passageChunks.ts): a quote's candidates are read by rowid, where
    // the contentless index had each candidate's whole article parsed and normalized (a 2 MB
    // paragraph per candidate). The FTS5 table indexes the chunks' text (content = passage_chunks,
    // so not a second copy). kind, passage: which passage; start_at, end_at: where the chunk sits in
    // the normalized passage; whole: 1 when it is all of it; original: the passage as the article
    // has it, for a whole passage that normalization changed. Rebuilt from the stored articles.
    db.exec(`
      DROP TABLE passages;
      CREATE TABLE passage_chunks (
        id            INTEGER PRIMARY KEY,
        article_rowid INTEGER NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('title', 'subtitle', 'paragraph')),
        passage       INTEGER NOT NULL,
        start_at      INTEGER NOT NULL,
        end_at        INTEGER NOT NULL,
        whole         INTEGER NOT NULL,
        text          TEXT NOT NULL,
        original      TEXT
      ) STRICT;
      CREATE VIRTUAL TABLE passages USING fts5(text, content = 'passage_chunks', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
    `);
    const write = passageWriter(db);
    const article = db.prepare<[number], { article: string }>("SELECT article FROM articles WHERE rowid = ?");
    for (const { rowid } of db.prepare<[], { rowid: number }>("SELECT rowid FROM articles ORDER BY rowid").all()) {
      write(rowid, quotableChunks(JSON.parse(article.get(rowid)!.article) as NormalizedArticle));
    }
  },
];

/**
 * Runs `work` in a transaction: its own, or the one in progress. better-sqlite3 nests transactions
 * as savepoints, which cost more than the few writes they would guard on the publishing path,
 * where the group commit's transaction holds them all already.
 */
export function inTransaction<T>(db: Db, work: () => T): T {
  return db.inTransaction ? work() : db.transaction(work)();
}

/** Opens (creating if needed) the service's SQLite file and brings its schema up to date. */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // FULL: a write the service acknowledged survives a power cut, not only a process crash.
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      const migration = MIGRATIONS[version]!;
      if (typeof migration === "string") db.exec(migration);
      else migration(db);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
