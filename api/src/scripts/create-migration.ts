/**
 * Writes a migration for the entity changes since the last committed migration, for one dialect:
 *   node dist/src/scripts/create-migration.js sqlite|mysql [DATABASE_URL]
 * It migrates a scratch database up to date first, so the diff is exactly the new change.
 * Register the new class in db/migrations/<dialect>/index.ts afterwards.
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { ormOptions, Database } from '../db/orm';

async function main() {
  const [dialect, url] = process.argv.slice(2);
  const database: Database = dialect === 'mysql'
    ? { kind: 'mysql', url: url ?? 'mysql://root@127.0.0.1:3306/onair_migrations' }
    : { kind: 'sqlite', file: join(mkdtempSync(join(tmpdir(), 'onair-mig-')), 'scratch.db') };
  const orm = await MikroORM.init(ormOptions(database));
  const migrator = orm.getMigrator();
  await migrator.up();
  const path = resolve(__dirname, '../../../src/db/migrations', database.kind);
  const result = await migrator.createMigration(path, false, false);
  console.log(result.fileName ? `wrote ${path}/${result.fileName}` : 'no changes');
  await orm.close(true);
}

main().catch((error) => { console.error(error); process.exit(1); });
