import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('ApiKey', { description: 'A key a third party reads the video catalog with (read-only).' })
export class ApiKeyView {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Last request made with it (to the minute).' })
  lastUsedAt!: Date | null;
}

@ObjectType({ description: 'A new API key: `key` is shown this once and never again.' })
export class ApiKeyCreated {
  @Field(() => String, { description: 'Send as "Authorization: Bearer <key>" to /graphql. Starts with onair_.' })
  key!: string;

  @Field(() => ApiKeyView)
  apiKey!: ApiKeyView;
}
