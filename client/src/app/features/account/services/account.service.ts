import { Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { TokenStore } from '../../../core/auth/token.store';
import { ApiErrorCode, apiErrorCode } from '../../../core/graphql/api-error';
import {
  AccountProfileGQL, AccountProfileQuery, ChangePasswordGQL, LogoutEverywhereGQL, UpdateProfileGQL,
} from '../../../core/graphql/generated';

export type AccountProfile = AccountProfileQuery['me'];

/** The signed-in user's account: their profile (avatar), password, and signing out every session. */
@Injectable()
export class AccountService {
  private readonly profileGQL = inject(AccountProfileGQL);
  private readonly updateProfileGQL = inject(UpdateProfileGQL);
  private readonly changePasswordGQL = inject(ChangePasswordGQL);
  private readonly logoutEverywhereGQL = inject(LogoutEverywhereGQL);
  private readonly tokens = inject(TokenStore);

  readonly profile = signal<AccountProfile | null>(null);
  readonly loading = signal(false);
  readonly loadError = signal<ApiErrorCode | null>(null);

  async load(): Promise<void> {
    this.loading.set(true);
    this.loadError.set(null);
    try {
      const result = await firstValueFrom(this.profileGQL.fetch({ fetchPolicy: 'network-only' }));
      this.profile.set(result.data?.me ?? null);
      if (!result.data?.me) this.loadError.set('UNKNOWN');
    } catch (error) {
      this.loadError.set(apiErrorCode(error));
    } finally {
      this.loading.set(false);
    }
  }

  /** Sets the avatar to a public https URL, or removes it (null); answers the profile as saved. */
  async saveAvatar(avatarUrl: string | null): Promise<AccountProfile> {
    const result = await firstValueFrom(this.updateProfileGQL.mutate({ variables: { input: { avatarUrl } } }));
    const profile = result.data?.updateProfile;
    if (!profile) throw new Error('The server sent an empty answer');
    this.profile.set(profile);
    return profile;
  }

  /** Changes the password; the server signs every other session out and keeps this one. */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await firstValueFrom(this.changePasswordGQL.mutate({ variables: { currentPassword, newPassword } }));
  }

  /** Revokes every session of the user, this one too, then ends it here (back to the sign-in page). */
  async logoutEverywhere(): Promise<void> {
    await firstValueFrom(this.logoutEverywhereGQL.mutate());
    this.tokens.invalidate();
  }
}
