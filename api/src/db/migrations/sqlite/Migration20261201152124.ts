import { Migration } from '@mikro-orm/migrations';

export class Migration20261201152124 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`videos\` add column \`gaps\` text null;`);
  }

}
