import { Migration } from '@mikro-orm/migrations';
import { fillLookalikeKeys } from '../lookalike-keys';

/** Look-alike keys of nicknames (users/nickname.ts), filled for existing accounts before they are made unique. */
export class Migration20261201151818 extends Migration {

  override async up(): Promise<void> {
    await this.execute(`alter table \`users\` add column \`nickname_skeleton\` text null;`);
    await this.execute(`alter table \`users\` add column \`nickname_folded_skeleton\` text null;`);
    await fillLookalikeKeys((sql, params) => this.execute(sql, params));
    await this.execute(`create unique index \`users_nickname_skeleton_unique\` on \`users\` (\`nickname_skeleton\`);`);
    await this.execute(`create unique index \`users_nickname_folded_skeleton_unique\` on \`users\` (\`nickname_folded_skeleton\`);`);
  }

}
