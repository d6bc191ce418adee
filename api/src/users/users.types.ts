import { Field, InputType } from 'type-graphql';

@InputType({ description: 'Changes to your profile: a field left out stays as it is.' })
export class UpdateProfileInput {
  @Field(() => String, {
    nullable: true,
    description: 'A public https URL of a picture, or null to remove it (BAD_USER_INPUT on avatarUrl otherwise).',
  })
  avatarUrl?: string | null;
}
