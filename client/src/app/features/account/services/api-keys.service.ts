import { Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiErrorCode, apiErrorCode } from '../../../core/graphql/api-error';
import { ApiKeysGQL, ApiKeysQuery, CreateApiKeyGQL, RevokeApiKeyGQL } from '../../../core/graphql/generated';

export type ApiKeyRow = ApiKeysQuery['apiKeys'][number];

/** The signed-in user's API keys: the list, creating one (its key is kept here, shown once) and revoking. */
@Injectable()
export class ApiKeysService {
  private readonly listGQL = inject(ApiKeysGQL);
  private readonly createGQL = inject(CreateApiKeyGQL);
  private readonly revokeGQL = inject(RevokeApiKeyGQL);

  readonly keys = signal<ApiKeyRow[]>([]);
  readonly loaded = signal(false);
  readonly error = signal<ApiErrorCode | null>(null);
  /** The key just created: shown until the page is left, never fetched again. */
  readonly created = signal<{ name: string; key: string } | null>(null);

  async load(): Promise<void> {
    this.error.set(null);
    try {
      const result = await firstValueFrom(this.listGQL.fetch({ fetchPolicy: 'network-only' }));
      this.keys.set(result.data?.apiKeys ?? []);
    } catch (error) {
      this.error.set(apiErrorCode(error));
    } finally {
      this.loaded.set(true);
    }
  }

  async create(name: string): Promise<void> {
    const result = await firstValueFrom(this.createGQL.mutate({ variables: { name } }));
    const created = result.data!.createApiKey;
    this.created.set({ name: created.apiKey.name, key: created.key });
    this.keys.update((keys) => [created.apiKey, ...keys]);
  }

  async revoke(id: string): Promise<void> {
    await firstValueFrom(this.revokeGQL.mutate({ variables: { id } }));
    this.keys.update((keys) => keys.filter((key) => key.id !== id));
    if (this.created() && !this.keys().length) this.created.set(null);
  }
}
