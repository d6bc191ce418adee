import { Migration } from '@mikro-orm/migrations';

export class Migration20261201100457 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`api_keys\` (\`id\` text not null, \`owner_id\` text not null, \`name\` text not null, \`key_hash\` text not null, \`created_at\` datetime not null, \`last_used_at\` datetime null, \`revoked_at\` datetime null, constraint \`api_keys_owner_id_foreign\` foreign key(\`owner_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`api_keys_owner_id_index\` on \`api_keys\` (\`owner_id\`);`);
    this.addSql(`create unique index \`api_keys_key_hash_unique\` on \`api_keys\` (\`key_hash\`);`);
    this.addSql(`create index \`api_keys_owner_id_revoked_at_index\` on \`api_keys\` (\`owner_id\`, \`revoked_at\`);`);
  }

}
