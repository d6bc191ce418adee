import { Migration } from '@mikro-orm/migrations';

export class Migration20261201100502 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`api_keys\` (\`id\` varchar(36) not null, \`owner_id\` varchar(36) not null, \`name\` varchar(60) not null, \`key_hash\` varchar(64) not null, \`created_at\` datetime(3) not null, \`last_used_at\` datetime(3) null, \`revoked_at\` datetime(3) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`api_keys\` add index \`api_keys_owner_id_index\`(\`owner_id\`);`);
    this.addSql(`alter table \`api_keys\` add unique \`api_keys_key_hash_unique\`(\`key_hash\`);`);
    this.addSql(`alter table \`api_keys\` add index \`api_keys_owner_id_revoked_at_index\`(\`owner_id\`, \`revoked_at\`);`);

    this.addSql(`alter table \`api_keys\` add constraint \`api_keys_owner_id_foreign\` foreign key (\`owner_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`api_keys\`;`);
  }

}
