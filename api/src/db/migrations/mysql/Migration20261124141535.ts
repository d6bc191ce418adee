import { Migration } from '@mikro-orm/migrations';

export class Migration20261124141535 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`users\` modify \`created_at\` datetime(3) not null;`);

    this.addSql(`alter table \`lives\` modify \`started_at\` datetime(3) not null, modify \`ended_at\` datetime(3);`);

    this.addSql(`alter table \`chat_messages\` modify \`sent_at\` datetime(3) not null;`);

    this.addSql(`alter table \`videos\` modify \`started_at\` datetime(3) not null, modify \`ended_at\` datetime(3) not null, modify \`created_at\` datetime(3) not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`videos\` modify \`started_at\` datetime not null, modify \`ended_at\` datetime not null, modify \`created_at\` datetime not null;`);

    this.addSql(`alter table \`lives\` modify \`started_at\` datetime not null, modify \`ended_at\` datetime;`);

    this.addSql(`alter table \`chat_messages\` modify \`sent_at\` datetime not null;`);

    this.addSql(`alter table \`users\` modify \`created_at\` datetime not null;`);
  }

}
