import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124090218 } from './Migration20261124090218';
import { Migration20261124092259 } from './Migration20261124092259';
import { Migration20261124141535 } from './Migration20261124141535';
import { Migration20261201094714 } from './Migration20261201094714';
import { Migration20261201100502 } from './Migration20261201100502';
import { Migration20261201101756 } from './Migration20261201101756';
import { Migration20261201113327 } from './Migration20261201113327';
import { Migration20261201123653 } from './Migration20261201123653';
import { Migration20261201151822 } from './Migration20261201151822';
import { Migration20261201152126 } from './Migration20261201152126';

/** Committed migrations, oldest first. Add each new one here (see scripts/create-migration.ts). */
export const mysqlMigrations: MigrationObject[] = [
  { name: 'Migration20261124090218', class: Migration20261124090218 },
  { name: 'Migration20261124092259', class: Migration20261124092259 },
  { name: 'Migration20261124141535', class: Migration20261124141535 },
  { name: 'Migration20261201094714', class: Migration20261201094714 },
  { name: 'Migration20261201100502', class: Migration20261201100502 },
  { name: 'Migration20261201101756', class: Migration20261201101756 },
  { name: 'Migration20261201113327', class: Migration20261201113327 },
  { name: 'Migration20261201123653', class: Migration20261201123653 },
  { name: 'Migration20261201151822', class: Migration20261201151822 },
  { name: 'Migration20261201152126', class: Migration20261201152126 },
];
