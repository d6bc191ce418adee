import 'reflect-metadata';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MariaDb, startMariaDb } from '@onair/testing';
import { openDatabase } from '../src/db/orm';
import { tempDir } from './support/api';

// The committed migrations must build exactly the schema the entities describe, on both dialects.
describe('migrations match the entities', () => {
  let mariadb: MariaDb;
  before(async () => { mariadb = await startMariaDb(); });
  after(async () => { await mariadb?.stop(); });

  for (const dialect of ['sqlite', 'mysql'] as const) {
    it(`${dialect}: nothing left to migrate after the committed migrations`, async () => {
      const database = dialect === 'mysql'
        ? { kind: 'mysql' as const, url: mariadb.createDatabase('onair_migrations') }
        : { kind: 'sqlite' as const, file: join(tempDir(), 'onair.db') };
      const orm = await openDatabase(database);
      try {
        const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
        assert.equal(diff.trim(), '', `entities and migrations differ; run scripts/create-migration.ts:\n${diff}`);
        const again = await openDatabase(database); // an up-to-date database opens again untouched
        assert.deepEqual(await again.getMigrator().getPendingMigrations(), []);
        await again.close(true);
      } finally {
        await orm.close(true);
      }
    });
  }
});
