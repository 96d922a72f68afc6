import type { ContentHash, DiffGranularity } from "../../protocol";
import type { SerializedDiff } from "../text/versionDiff";
import type { Db } from "./database";

/** A stored diff: its parts as the UTF-8 bytes of their JSON, sent as they are. */
export interface StoredDiff {
  by: DiffGranularity;
  json: Buffer;
}

/**
 * The diff between each pair of versions, once computed: a diff of the largest versions costs a
 * worker thread up to a fraction of a second, and a reader's page asks for the history of every
 * version it shows. The texts of both versions never change (a content hash names them), so
 * neither does their diff. Kept as bytes: parsing and serializing megabytes of parts again for
 * every request would hold the event loop for tens of milliseconds each time.
 */
export class VersionDiffStore {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      get: db.prepare<[string, string], StoredDiff>("SELECT diff_by AS by, parts AS json FROM version_diffs WHERE before_hash = ? AND after_hash = ?"),
      insert: db.prepare("INSERT INTO version_diffs (before_hash, after_hash, diff_by, parts) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"),
    };
  }

  get(before: ContentHash, after: ContentHash): StoredDiff | undefined {
    return this.statements.get.get(before, after);
  }

  /** Keeps a computed diff, and answers it as stored. */
  save(before: ContentHash, after: ContentHash, { by, json }: SerializedDiff): StoredDiff {
    const stored = { by, json: Buffer.from(json) };
    this.statements.insert.run(before, after, by, stored.json);
    return stored;
  }
}
