import { Migration } from '@mikro-orm/migrations';

export class Migration20261124092257 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`lives\` (\`id\` text not null, \`presenter_id\` text not null, \`title\` text not null, \`started_at\` datetime not null, \`ended_at\` datetime null, \`end_reason\` text null, constraint \`lives_presenter_id_foreign\` foreign key(\`presenter_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`lives_presenter_id_index\` on \`lives\` (\`presenter_id\`);`);
    this.addSql(`create index \`lives_ended_at_index\` on \`lives\` (\`ended_at\`);`);

    this.addSql(`create table \`chat_messages\` (\`id\` text not null, \`live_id\` text not null, \`author_id\` text not null, \`text\` text not null, \`sent_at\` datetime not null, constraint \`chat_messages_live_id_foreign\` foreign key(\`live_id\`) references \`lives\`(\`id\`) on delete cascade on update cascade, constraint \`chat_messages_author_id_foreign\` foreign key(\`author_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`chat_messages_live_id_index\` on \`chat_messages\` (\`live_id\`);`);
    this.addSql(`create index \`chat_messages_author_id_index\` on \`chat_messages\` (\`author_id\`);`);
    this.addSql(`create index \`chat_messages_live_id_sent_at_index\` on \`chat_messages\` (\`live_id\`, \`sent_at\`);`);

    this.addSql(`create table \`videos\` (\`id\` text not null, \`live_id\` text null, \`presenter_id\` text not null, \`title\` text not null, \`started_at\` datetime not null, \`ended_at\` datetime not null, \`duration_ms\` integer not null, \`location\` text not null, \`file\` text not null, \`size_bytes\` bigint not null, \`created_at\` datetime not null, constraint \`videos_live_id_foreign\` foreign key(\`live_id\`) references \`lives\`(\`id\`) on delete set null on update cascade, constraint \`videos_presenter_id_foreign\` foreign key(\`presenter_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`videos_live_id_index\` on \`videos\` (\`live_id\`);`);
    this.addSql(`create index \`videos_presenter_id_index\` on \`videos\` (\`presenter_id\`);`);
    this.addSql(`create index \`videos_started_at_index\` on \`videos\` (\`started_at\`);`);
  }

}
