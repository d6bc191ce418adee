import type { Configuration } from '@mikro-orm/core';
import { MySqlPlatform, MySqlSchemaHelper } from '@mikro-orm/knex';
import { MySqlDriver } from '@mikro-orm/mysql';

/**
 * MariaDB reports "no default" of a nullable column as the string 'NULL' in information_schema,
 * where MySQL reports SQL NULL; without this the schema diff sees a change that isn't there.
 */
class MariaDbAwareSchemaHelper extends MySqlSchemaHelper {
  override normalizeDefaultValue(defaultValue: string, length: number) {
    return defaultValue === 'NULL' ? (null as unknown as string) : super.normalizeDefaultValue(defaultValue, length);
  }
}

class MariaDbAwarePlatform extends MySqlPlatform {
  protected override readonly schemaHelper: MySqlSchemaHelper = new MariaDbAwareSchemaHelper(this);
}

/** The mysql2-based driver, for MySQL 8 in production and MariaDB in tests alike. */
export class MySqlOrMariaDbDriver extends MySqlDriver {
  constructor(config: Configuration) {
    super(config);
    Object.assign(this, { platform: new MariaDbAwarePlatform() });
  }
}
