import { Migration } from '@mikro-orm/migrations';
import { fillLookalikeKeys } from '../lookalike-keys';

/**
 * Look-alike keys of nicknames (users/nickname.ts), filled for existing accounts before they are made
 * unique. The keys compare as written (utf8mb4_bin), as on SQLite: the table's accent- and
 * case-insensitive collation would make other keys equal here than the code and SQLite see.
 * (MikroORM does not model collations; a later change of these columns must keep it.)
 */
export class Migration20261201151822 extends Migration {

  override async up(): Promise<void> {
    await this.execute(`alter table \`users\` add \`nickname_skeleton\` varchar(255) character set utf8mb4 collate utf8mb4_bin null, add \`nickname_folded_skeleton\` varchar(255) character set utf8mb4 collate utf8mb4_bin null;`);
    await fillLookalikeKeys((sql, params) => this.execute(sql, params));
    await this.execute(`alter table \`users\` add unique \`users_nickname_skeleton_unique\`(\`nickname_skeleton\`);`);
    await this.execute(`alter table \`users\` add unique \`users_nickname_folded_skeleton_unique\`(\`nickname_folded_skeleton\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`users\` drop index \`users_nickname_skeleton_unique\`;`);
    this.addSql(`alter table \`users\` drop index \`users_nickname_folded_skeleton_unique\`;`);
    this.addSql(`alter table \`users\` drop column \`nickname_skeleton\`, drop column \`nickname_folded_skeleton\`;`);
  }

}
