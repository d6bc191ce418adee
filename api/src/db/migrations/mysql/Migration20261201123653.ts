import { Migration } from '@mikro-orm/migrations';

export class Migration20261201123653 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`calls\` (\`id\` varchar(36) not null, \`caller_id\` varchar(36) not null, \`callee_id\` varchar(36) not null, \`started_at\` datetime(3) not null, \`answered_at\` datetime(3) null, \`ended_at\` datetime(3) null, \`outcome\` varchar(16) null, \`end_reason\` varchar(32) null, \`ended_by_id\` varchar(36) null, \`node_id\` varchar(64) null, \`recording_requested_by_id\` varchar(36) null, \`recording_requested_at\` datetime(3) null, \`recording_consent_by_id\` varchar(36) null, \`recording_consent_at\` datetime(3) null, \`recording_declined_at\` datetime(3) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`calls\` add index \`calls_caller_id_index\`(\`caller_id\`);`);
    this.addSql(`alter table \`calls\` add index \`calls_callee_id_index\`(\`callee_id\`);`);
    this.addSql(`alter table \`calls\` add index \`calls_ended_by_id_index\`(\`ended_by_id\`);`);
    this.addSql(`alter table \`calls\` add index \`calls_recording_requested_by_id_index\`(\`recording_requested_by_id\`);`);
    this.addSql(`alter table \`calls\` add index \`calls_recording_consent_by_id_index\`(\`recording_consent_by_id\`);`);
    this.addSql(`alter table \`calls\` add index \`calls_ended_at_index\`(\`ended_at\`);`);
    this.addSql(`alter table \`calls\` add index \`calls_callee_id_started_at_id_index\`(\`callee_id\`, \`started_at\`, \`id\`);`);
    this.addSql(`alter table \`calls\` add index \`calls_caller_id_started_at_id_index\`(\`caller_id\`, \`started_at\`, \`id\`);`);

    this.addSql(`alter table \`calls\` add constraint \`calls_caller_id_foreign\` foreign key (\`caller_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`);
    this.addSql(`alter table \`calls\` add constraint \`calls_callee_id_foreign\` foreign key (\`callee_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`);
    this.addSql(`alter table \`calls\` add constraint \`calls_ended_by_id_foreign\` foreign key (\`ended_by_id\`) references \`users\` (\`id\`) on update cascade on delete set null;`);
    this.addSql(`alter table \`calls\` add constraint \`calls_recording_requested_by_id_foreign\` foreign key (\`recording_requested_by_id\`) references \`users\` (\`id\`) on update cascade on delete set null;`);
    this.addSql(`alter table \`calls\` add constraint \`calls_recording_consent_by_id_foreign\` foreign key (\`recording_consent_by_id\`) references \`users\` (\`id\`) on update cascade on delete set null;`);

    this.addSql(`alter table \`videos\` add \`call_id\` varchar(36) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`calls\`;`);

    this.addSql(`alter table \`videos\` drop column \`call_id\`;`);
  }

}
