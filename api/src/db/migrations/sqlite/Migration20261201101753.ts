import { Migration } from '@mikro-orm/migrations';

export class Migration20261201101753 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`lives\` add column \`poster\` text null;`);
  }

}
