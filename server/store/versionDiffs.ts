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
 * every request would hold the event loop for tens of milliseconds each time. The most recently
 * read are also kept in memory, up to CACHE_BYTES: SQLite hands each read a new Buffer, and 4 MB
 * of new memory per request made V8 collect garbage (with the embedded chain, a large heap) far
 * more often than the requests themselves cost.
 */
export class VersionDiffStore {
  private readonly statements;
  /** By pair, least recently used first. */
  private readonly recent = new Map<string, StoredDiff>();
  private recentBytes = 0;

  constructor(db: Db) {
    this.statements = {
      get: db.prepare<[string, string], StoredDiff>("SELECT diff_by AS by, parts AS json FROM version_diffs WHERE before_hash = ? AND after_hash = ?"),
      insert: db.prepare("INSERT INTO version_diffs (before_hash, after_hash, diff_by, parts) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"),
    };
  }

  get(before: ContentHash, after: ContentHash): StoredDiff | undefined {
    const key = `${before}:${after}`;
    const cached = this.recent.get(key);
    if (cached) {
      this.recent.delete(key);
      this.recent.set(key, cached);
      return cached;
    }
    const stored = this.statements.get.get(before, after);
    if (stored) this.remember(key, stored);
    return stored;
  }

  /** Keeps a computed diff, and answers it as stored. */
  save(before: ContentHash, after: ContentHash, { by, json }: SerializedDiff): StoredDiff {
    const stored = { by, json: Buffer.from(json) };
    this.statements.insert.run(before, after, by, stored.json);
    this.remember(`${before}:${after}`, stored);
    return stored;
  }

  private remember(key: string, diff: StoredDiff): void {
    if (diff.json.length > CACHE_BYTES) return;
    this.recent.set(key, diff);
    this.recentBytes += diff.json.length;
    for (const [oldest, { json }] of this.recent) {
      if (this.recentBytes <= CACHE_BYTES) break;
      this.recent.delete(oldest);
      this.recentBytes -= json.length;
    }
  }
}

/** Memory for the diffs read last: a few dozen of the largest, thousands of ordinary corrections. */
const CACHE_BYTES = 64 * 2 ** 20;
