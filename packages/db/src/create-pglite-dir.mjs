// Creates an embedded database directory (PostgreSQL's initdb) in a process of its own, then exits.
// Creating one takes far more memory than opening one, and a process gives all of it back when it ends;
// the server then opens the created directory. Usage: node create-pglite-dir.mjs <dir>
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';

const dir = process.argv[2];
if (!dir) {
  console.error('Usage: node create-pglite-dir.mjs <dir>');
  process.exit(2);
}
try {
  const db = await PGlite.create(dir, { extensions: { vector } });
  await db.exec('create extension if not exists vector');
  await db.close();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
