import { Migration } from '@mikro-orm/migrations';

export class Migration20261201152126 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`videos\` add \`gaps\` text null;`);
  }

}
