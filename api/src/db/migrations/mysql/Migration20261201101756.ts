import { Migration } from '@mikro-orm/migrations';

export class Migration20261201101756 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`lives\` add \`poster\` varchar(255) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`lives\` drop column \`poster\`;`);
  }

}
