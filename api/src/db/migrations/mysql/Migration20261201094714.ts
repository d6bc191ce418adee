import { Migration } from '@mikro-orm/migrations';

export class Migration20261201094714 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`lives\` add \`location\` varchar(120) null, add \`node_id\` varchar(64) null;`);

    this.addSql(`alter table \`videos\` drop index \`videos_started_at_index\`;`);

    // Existing rows get their keys from lower() (new rows are folded by the api), then the default goes.
    this.addSql(`alter table \`videos\` add \`title_key\` varchar(480) not null default '', add \`location_key\` varchar(480) not null default '', add \`poster\` varchar(255) null;`);
    this.addSql(`update \`videos\` set \`title_key\` = lower(\`title\`), \`location_key\` = lower(\`location\`);`);
    this.addSql(`alter table \`videos\` alter \`title_key\` drop default, alter \`location_key\` drop default;`);
    this.addSql(`alter table \`videos\` add index \`videos_presenter_id_started_at_id_index\`(\`presenter_id\`, \`started_at\`, \`id\`);`);
    this.addSql(`alter table \`videos\` add index \`videos_duration_ms_id_index\`(\`duration_ms\`, \`id\`);`);
    this.addSql(`alter table \`videos\` add index \`videos_started_at_id_index\`(\`started_at\`, \`id\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`videos\` drop index \`videos_presenter_id_started_at_id_index\`;`);
    this.addSql(`alter table \`videos\` drop index \`videos_duration_ms_id_index\`;`);
    this.addSql(`alter table \`videos\` drop index \`videos_started_at_id_index\`;`);
    this.addSql(`alter table \`videos\` drop column \`title_key\`, drop column \`location_key\`, drop column \`poster\`;`);

    this.addSql(`alter table \`videos\` add index \`videos_started_at_index\`(\`started_at\`);`);

    this.addSql(`alter table \`lives\` drop column \`location\`, drop column \`node_id\`;`);
  }

}
