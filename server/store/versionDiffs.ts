import type { ContentHash, DiffGranularity, DiffPart } from "../../protocol";
import type { VersionDiff } from "../text/versionDiff";
import type { Db } from "./database";

/**
 * The diff between each pair of versions, once computed: a diff of the largest versions costs a
 * worker thread up to a fraction of a second, and a reader's page asks for the history of every
 * version it shows. The texts of both versions never change (a content hash names them), so
 * neither does their diff.
 */
export class VersionDiffStore {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      get: db.prepare<[string, string], { by: DiffGranularity; parts: string }>(
        "SELECT diff_by AS by, parts FROM version_diffs WHERE before_hash = ? AND after_hash = ?",
      ),
      insert: db.prepare("INSERT INTO version_diffs (before_hash, after_hash, diff_by, parts) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"),
    };
  }

  get(before: ContentHash, after: ContentHash): VersionDiff | undefined {
    const row = this.statements.get.get(before, after);
    return row && { by: row.by, parts: JSON.parse(row.parts) as DiffPart[] };
  }

  save(before: ContentHash, after: ContentHash, diff: VersionDiff): void {
    this.statements.insert.run(before, after, diff.by, JSON.stringify(diff.parts));
  }
}
