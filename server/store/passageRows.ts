import type Database from "better-sqlite3";
import type { PassageChunk } from "../text/passageChunks";

/**
 * Writes an article's chunks (quotableChunks) into the quote index: each chunk's row, then its
 * entry in the full-text index under the same rowid. For the store and for the migration that
 * rebuilds the index from the stored articles alike.
 */
export function passageWriter(db: Database.Database): (articleRowid: number, chunks: PassageChunk[]) => void {
  const chunk = db.prepare(
    "INSERT INTO passage_chunks (article_rowid, kind, passage, start_at, end_at, whole, text, original) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const index = db.prepare("INSERT INTO passages (rowid, text) VALUES (?, ?)");
  return (articleRowid, chunks) => {
    for (const { kind, index: passage, start, end, whole, text, original } of chunks) {
      const { lastInsertRowid } = chunk.run(articleRowid, kind, passage, start, end, whole ? 1 : 0, text, original);
      index.run(lastInsertRowid, text);
    }
  };
}

/**
 * Removes an article's chunks from the quote index: each chunk's full-text entry first (an
 * external-content FTS5 table is told the text it indexed, by its 'delete' command), then its row.
 */
export function passageRemover(db: Database.Database): (articleRowid: number) => void {
  const chunks = db.prepare<[number], { id: number; text: string }>("SELECT id, text FROM passage_chunks WHERE article_rowid = ?");
  const unindex = db.prepare("INSERT INTO passages (passages, rowid, text) VALUES ('delete', ?, ?)");
  const remove = db.prepare("DELETE FROM passage_chunks WHERE article_rowid = ?");
  return (articleRowid) => {
    for (const { id, text } of chunks.all(articleRowid)) unindex.run(id, text);
    remove.run(articleRowid);
  };
}
