import { Migration } from '@mikro-orm/migrations';

export class Migration20261201113327 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`videos\` add index \`videos_location_key_started_at_id_index\`(\`location_key\`, \`started_at\`, \`id\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`videos\` drop index \`videos_location_key_started_at_id_index\`;`);
  }

}
