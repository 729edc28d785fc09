// Leader election for the periodic jobs: with several collectors on one PostgreSQL, exactly one
// runs them. The leader holds a session advisory lock on a dedicated connection; when that
// process stops or its connection breaks, PostgreSQL drops the lock and the next try elsewhere wins.
import pg from 'pg';
import { withSearchPath } from '../store/postgres/open.js';

export interface LeaderLock {
  /** Becomes or stays leader if it can; true while this process leads. */
  acquire(): Promise<boolean>;
  /** Gives up leadership (and its connection). */
  release(): Promise<void>;
}

/** SQLite: one collector process per database file, so it always leads. */
export class AlwaysLeader implements LeaderLock {
  async acquire(): Promise<boolean> {
    return true;
  }

  async release(): Promise<void> {}
}

export interface PostgresLeaderOptions {
  /** Schema the collector's tables live in (one leader per schema); default: the URL's search_path. */
  schema?: string;
  /** Told when the lock connection fails (leadership is lost until a later try succeeds). */
  onError?: (error: Error) => void;
}

/** The lock key: one per schema, so collectors of different installs on one server do not contend. */
const TRY_LOCK = `SELECT pg_try_advisory_lock(hashtextextended('farmwatch jobs leader ' || current_schema(), 0)) AS locked`;

export class PostgresLeaderLock implements LeaderLock {
  private client: pg.Client | undefined;
  private leading = false;

  constructor(private readonly url: string, private readonly options: PostgresLeaderOptions = {}) {}

  get isLeader(): boolean {
    return this.leading;
  }

  async acquire(): Promise<boolean> {
    try {
      const client = await this.connection();
      if (this.leading) {
        // A session lock is re-entrant: asking again would stack it. Check the session is alive instead.
        await client.query('SELECT 1');
        return true;
      }
      const { rows } = await client.query<{ locked: boolean }>(TRY_LOCK);
      this.leading = rows[0]?.locked === true;
      return this.leading;
    } catch (error) {
      this.options.onError?.(error as Error);
      await this.drop();
      return false;
    }
  }

  async release(): Promise<void> {
    const client = this.client;
    if (!client) return;
    if (this.leading) await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await this.drop();
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({
      connectionString: this.options.schema === undefined ? this.url : withSearchPath(this.url, this.options.schema),
      connectionTimeoutMillis: 10_000,
    });
    // A broken connection takes the lock with it: stop leading at once, reconnect at the next try.
    client.on('error', (error) => {
      this.options.onError?.(error);
      void this.drop();
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.leading = false;
    await client?.end().catch(() => undefined);
  }
}
