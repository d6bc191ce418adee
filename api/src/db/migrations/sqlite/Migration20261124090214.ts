import { Migration } from '@mikro-orm/migrations';

export class Migration20261124090214 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`users\` (\`id\` text not null, \`nickname\` text not null, \`nickname_key\` text not null, \`password_hash\` text not null, \`avatar_url\` text null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`users_nickname_key_unique\` on \`users\` (\`nickname_key\`);`);
  }

}
