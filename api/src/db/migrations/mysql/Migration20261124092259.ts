import { Migration } from '@mikro-orm/migrations';

export class Migration20261124092259 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`lives\` (\`id\` varchar(36) not null, \`presenter_id\` varchar(36) not null, \`title\` varchar(120) not null, \`started_at\` datetime not null, \`ended_at\` datetime null, \`end_reason\` varchar(32) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`lives\` add index \`lives_presenter_id_index\`(\`presenter_id\`);`);
    this.addSql(`alter table \`lives\` add index \`lives_ended_at_index\`(\`ended_at\`);`);

    this.addSql(`create table \`chat_messages\` (\`id\` varchar(36) not null, \`live_id\` varchar(36) not null, \`author_id\` varchar(36) not null, \`text\` varchar(500) not null, \`sent_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`chat_messages\` add index \`chat_messages_live_id_index\`(\`live_id\`);`);
    this.addSql(`alter table \`chat_messages\` add index \`chat_messages_author_id_index\`(\`author_id\`);`);
    this.addSql(`alter table \`chat_messages\` add index \`chat_messages_live_id_sent_at_index\`(\`live_id\`, \`sent_at\`);`);

    this.addSql(`create table \`videos\` (\`id\` varchar(36) not null, \`live_id\` varchar(36) null, \`presenter_id\` varchar(36) not null, \`title\` varchar(120) not null, \`started_at\` datetime not null, \`ended_at\` datetime not null, \`duration_ms\` int not null, \`location\` varchar(120) not null, \`file\` varchar(255) not null, \`size_bytes\` bigint not null, \`created_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`videos\` add index \`videos_live_id_index\`(\`live_id\`);`);
    this.addSql(`alter table \`videos\` add index \`videos_presenter_id_index\`(\`presenter_id\`);`);
    this.addSql(`alter table \`videos\` add index \`videos_started_at_index\`(\`started_at\`);`);

    this.addSql(`alter table \`lives\` add constraint \`lives_presenter_id_foreign\` foreign key (\`presenter_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`);

    this.addSql(`alter table \`chat_messages\` add constraint \`chat_messages_live_id_foreign\` foreign key (\`live_id\`) references \`lives\` (\`id\`) on update cascade on delete cascade;`);
    this.addSql(`alter table \`chat_messages\` add constraint \`chat_messages_author_id_foreign\` foreign key (\`author_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`);

    this.addSql(`alter table \`videos\` add constraint \`videos_live_id_foreign\` foreign key (\`live_id\`) references \`lives\` (\`id\`) on update cascade on delete set null;`);
    this.addSql(`alter table \`videos\` add constraint \`videos_presenter_id_foreign\` foreign key (\`presenter_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`chat_messages\` drop foreign key \`chat_messages_live_id_foreign\`;`);

    this.addSql(`alter table \`videos\` drop foreign key \`videos_live_id_foreign\`;`);

    this.addSql(`drop table if exists \`lives\`;`);

    this.addSql(`drop table if exists \`chat_messages\`;`);

    this.addSql(`drop table if exists \`videos\`;`);
  }

}
