"use strict";
// The thread of a WalCheckpointer (walCheckpointer.ts). Plain JavaScript: a thread starts without
// the service's TypeScript hooks, and this one needs nothing of the project but the file's name.
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");

/** @type {{ file: string, intervalMs: number }} */
const { file, intervalMs } = workerData;
const db = new Database(file, { fileMustExist: true });
// The copy into the database file is synced too: what the service acknowledged survives a power cut.
db.pragma("synchronous = FULL");

const timer = setInterval(() => {
  // PASSIVE: copies what no reader still needs, and never waits for, nor blocks, a writer.
  const [{ log, checkpointed }] = db.pragma("wal_checkpoint(PASSIVE)");
  if (checkpointed > 0) parentPort.postMessage({ log, checkpointed });
}, intervalMs);

parentPort.on("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
