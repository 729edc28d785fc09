// Prepared statements, one per SQL text and connection, prepared on first use and reused: a
// statement prepared on every call would parse its SQL on every report.
import type { Database, Statement } from 'better-sqlite3';

const byConnection = new WeakMap<Database, Map<string, Statement>>();

export function statement(db: Database, text: string): Statement {
  let statements = byConnection.get(db);
  if (!statements) byConnection.set(db, (statements = new Map()));
  let prepared = statements.get(text);
  if (!prepared) statements.set(text, (prepared = db.prepare(text)));
  return prepared;
}
