// One transaction on one pooled connection: committed when `work` resolves, rolled back when it throws.
import type { Pool, PoolClient } from 'pg';

export type Begin = 'BEGIN' | 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/** Several reads that must agree with each other (a page and its total) see one snapshot. */
export const SNAPSHOT: Begin = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

export async function withTransaction<T>(pool: Pool, work: (db: PoolClient) => Promise<T>, begin: Begin = 'BEGIN'): Promise<T> {
  const db = await pool.connect();
  let broken: Error | undefined;
  try {
    await db.query(begin);
    const result = await work(db);
    await db.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is unusable: destroy it instead of pooling it.
    await db.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    db.release(broken);
  }
}
