import { Migration } from '@mikro-orm/migrations';

export class Migration20261201113325 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index \`videos_location_key_started_at_id_index\` on \`videos\` (\`location_key\`, \`started_at\`, \`id\`);`);
  }

}
