import { Migration } from '@mikro-orm/migrations';

export class Migration20261201123651 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`calls\` (\`id\` text not null, \`caller_id\` text not null, \`callee_id\` text not null, \`started_at\` datetime not null, \`answered_at\` datetime null, \`ended_at\` datetime null, \`outcome\` text null, \`end_reason\` text null, \`ended_by_id\` text null, \`node_id\` text null, \`recording_requested_by_id\` text null, \`recording_requested_at\` datetime null, \`recording_consent_by_id\` text null, \`recording_consent_at\` datetime null, \`recording_declined_at\` datetime null, constraint \`calls_caller_id_foreign\` foreign key(\`caller_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, constraint \`calls_callee_id_foreign\` foreign key(\`callee_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, constraint \`calls_ended_by_id_foreign\` foreign key(\`ended_by_id\`) references \`users\`(\`id\`) on delete set null on update cascade, constraint \`calls_recording_requested_by_id_foreign\` foreign key(\`recording_requested_by_id\`) references \`users\`(\`id\`) on delete set null on update cascade, constraint \`calls_recording_consent_by_id_foreign\` foreign key(\`recording_consent_by_id\`) references \`users\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`calls_caller_id_index\` on \`calls\` (\`caller_id\`);`);
    this.addSql(`create index \`calls_callee_id_index\` on \`calls\` (\`callee_id\`);`);
    this.addSql(`create index \`calls_ended_by_id_index\` on \`calls\` (\`ended_by_id\`);`);
    this.addSql(`create index \`calls_recording_requested_by_id_index\` on \`calls\` (\`recording_requested_by_id\`);`);
    this.addSql(`create index \`calls_recording_consent_by_id_index\` on \`calls\` (\`recording_consent_by_id\`);`);
    this.addSql(`create index \`calls_ended_at_index\` on \`calls\` (\`ended_at\`);`);
    this.addSql(`create index \`calls_callee_id_started_at_id_index\` on \`calls\` (\`callee_id\`, \`started_at\`, \`id\`);`);
    this.addSql(`create index \`calls_caller_id_started_at_id_index\` on \`calls\` (\`caller_id\`, \`started_at\`, \`id\`);`);

    this.addSql(`alter table \`videos\` add column \`call_id\` text null;`);
  }

}
