import { Migration } from '@mikro-orm/migrations';

export class Migration20261124090218 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`users\` (\`id\` varchar(36) not null, \`nickname\` varchar(32) not null, \`nickname_key\` varchar(128) not null, \`password_hash\` varchar(255) not null, \`avatar_url\` varchar(2048) null, \`created_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`users\` add unique \`users_nickname_key_unique\`(\`nickname_key\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`users\`;`);
  }

}
