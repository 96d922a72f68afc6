import { expect } from "chai";
import Database from "better-sqlite3";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { openDatabase, type Db } from "../../../server/store/database";
import { WalCheckpointer, type Checkpoint } from "../../../server/store/walCheckpointer";

const ROWS = 300;

function writeRows(db: Db) {
  const insert = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) insert.run(`row ${i}`, "x".repeat(1_000));
  })();
}

/** The rows the database file itself holds: a copy of it alone, without its log beside it. */
function rowsInFileAlone(file: string): number {
  const copy = `${file}.copy`;
  fs.copyFileSync(file, copy);
  const db = new Database(copy, { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM meta WHERE key LIKE 'row %'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe("WalCheckpointer", function () {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-checkpoint-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("copies what the connection commits into the database file from its own thread, the connection's automatic checkpoint off", async function () {
    const file = path.join(dir, "index.sqlite");
    const db = openDatabase(file);
    const checkpointer = new WalCheckpointer(db, file, pino({ level: "silent" }));
    expect(db.pragma("wal_autocheckpoint", { simple: true })).to.equal(0);

    writeRows(db);
    let checkpoint: Checkpoint;
    do [checkpoint] = (await once(checkpointer, "checkpoint")) as [Checkpoint];
    while (checkpoint.checkpointed < checkpoint.log);

    expect(rowsInFileAlone(file)).to.equal(ROWS);
    await checkpointer.close();
    db.close();
    expect(fs.existsSync(`${file}-wal`), "the last connection to close checkpoints the rest and removes the log").to.equal(false);
  });

  it("keeps the log short under writes that never pause: the service's connection finishes the thread's copy, and its next write starts the log over", async function () {
    const file = path.join(dir, "index.sqlite");
    const db = openDatabase(file);
    const restartAfterPages = 256;
    const checkpointer = new WalCheckpointer(db, file, pino({ level: "silent" }), { restartAfterPages });
    const insert = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
    let checkpoints = 0;
    checkpointer.on("checkpoint", () => checkpoints++);
    let largestLog = 0;
    let written = 0;
    // One small transaction per turn of the event loop, as a busy service commits, for 20 of the
    // thread's copies: each copy ends behind the writes.
    for (let i = 0; checkpoints < 20; i++) {
      const value = "x".repeat(20_000);
      insert.run(`row ${i}`, value);
      written += value.length;
      largestLog = Math.max(largestLog, fs.statSync(`${file}-wal`).size);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await checkpointer.close();
    db.close();
    // The log starts over past restartAfterPages (1 MiB), and holds at most what came in between
    // two copies; one that never started over would hold about everything written.
    expect(largestLog).to.be.below(written / 4);
  });

  it("leaves the rows in the log alone while no one checkpoints: what the first test reads is the thread's work", function () {
    const file = path.join(dir, "index.sqlite");
    const db = openDatabase(file);
    db.pragma("wal_autocheckpoint = 0");
    db.pragma("wal_checkpoint(TRUNCATE)"); // The schema, into the file.
    writeRows(db);
    expect(rowsInFileAlone(file)).to.equal(0);
    db.close();
  });

  it("gives the connection back SQLite's automatic checkpoint when its thread fails", async function () {
    const file = path.join(dir, "index.sqlite");
    const db = openDatabase(file);
    // The thread opens the file by name, and finds none.
    fs.rmSync(file);
    const checkpointer = new WalCheckpointer(db, file, pino({ level: "silent" }));
    const [error] = (await once(checkpointer, "failed")) as [Error & { code?: string }];
    expect(error.code).to.equal("SQLITE_CANTOPEN");
    expect(db.pragma("wal_autocheckpoint", { simple: true })).to.equal(1_000);
    await checkpointer.close();
    db.close();
  });
});
