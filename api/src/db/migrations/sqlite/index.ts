import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124090214 } from './Migration20261124090214';
import { Migration20261124092257 } from './Migration20261124092257';
import { Migration20261201094712 } from './Migration20261201094712';
import { Migration20261201100457 } from './Migration20261201100457';
import { Migration20261201101753 } from './Migration20261201101753';
import { Migration20261201113325 } from './Migration20261201113325';
import { Migration20261201123651 } from './Migration20261201123651';
import { Migration20261201151818 } from './Migration20261201151818';
import { Migration20261201152124 } from './Migration20261201152124';

/** Committed migrations, oldest first. Add each new one here (see scripts/create-migration.ts). */
export const sqliteMigrations: MigrationObject[] = [
  { name: 'Migration20261124090214', class: Migration20261124090214 },
  { name: 'Migration20261124092257', class: Migration20261124092257 },
  { name: 'Migration20261201094712', class: Migration20261201094712 },
  { name: 'Migration20261201100457', class: Migration20261201100457 },
  { name: 'Migration20261201101753', class: Migration20261201101753 },
  { name: 'Migration20261201113325', class: Migration20261201113325 },
  { name: 'Migration20261201123651', class: Migration20261201123651 },
  { name: 'Migration20261201151818', class: Migration20261201151818 },
  { name: 'Migration20261201152124', class: Migration20261201152124 },
];
