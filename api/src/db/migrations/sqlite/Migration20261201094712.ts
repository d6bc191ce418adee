import { Migration } from '@mikro-orm/migrations';

export class Migration20261201094712 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`lives\` add column \`location\` text null;`);
    this.addSql(`alter table \`lives\` add column \`node_id\` text null;`);

    // SQLite cannot drop a column default: rebuild videos with the new columns, folding existing
    // rows' keys with lower() (ASCII; new rows are folded by the api).
    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(`create table \`videos__temp_alter\` (\`id\` text not null, \`live_id\` text null, \`presenter_id\` text not null, \`title\` text not null, \`title_key\` text not null, \`started_at\` datetime not null, \`ended_at\` datetime not null, \`duration_ms\` integer not null, \`location\` text not null, \`location_key\` text not null, \`file\` text not null, \`size_bytes\` bigint not null, \`poster\` text null, \`created_at\` datetime not null, constraint \`videos_live_id_foreign\` foreign key(\`live_id\`) references \`lives\`(\`id\`) on delete set null on update cascade, constraint \`videos_presenter_id_foreign\` foreign key(\`presenter_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`insert into \`videos__temp_alter\` select \`id\`, \`live_id\`, \`presenter_id\`, \`title\`, lower(\`title\`), \`started_at\`, \`ended_at\`, \`duration_ms\`, \`location\`, lower(\`location\`), \`file\`, \`size_bytes\`, null, \`created_at\` from \`videos\`;`);
    this.addSql(`drop table \`videos\`;`);
    this.addSql(`alter table \`videos__temp_alter\` rename to \`videos\`;`);
    this.addSql(`create index \`videos_live_id_index\` on \`videos\` (\`live_id\`);`);
    this.addSql(`create index \`videos_presenter_id_index\` on \`videos\` (\`presenter_id\`);`);
    this.addSql(`create index \`videos_presenter_id_started_at_id_index\` on \`videos\` (\`presenter_id\`, \`started_at\`, \`id\`);`);
    this.addSql(`create index \`videos_duration_ms_id_index\` on \`videos\` (\`duration_ms\`, \`id\`);`);
    this.addSql(`create index \`videos_started_at_id_index\` on \`videos\` (\`started_at\`, \`id\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }

}
