import { Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { Apollo } from 'apollo-angular';
import { firstValueFrom } from 'rxjs';
import { RealtimeService } from '../apollo/realtime.service';
import { apiErrorCode } from '../graphql/api-error';
import {
  LoginGQL, LoginInput, LogoutGQL, MeGQL, RegisterGQL, RegisterInput, SessionUserFragment,
} from '../graphql/generated';
import { TokenStore } from './token.store';

export type SessionUser = SessionUserFragment;

interface Session {
  token: string;
  user: SessionUser;
}

/** The signed-in user: restores the session at start-up, logs in, registers and logs out. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly tokens = inject(TokenStore);
  private readonly realtime = inject(RealtimeService);
  private readonly apollo = inject(Apollo);
  private readonly router = inject(Router);
  private readonly meGQL = inject(MeGQL);
  private readonly loginGQL = inject(LoginGQL);
  private readonly registerGQL = inject(RegisterGQL);
  private readonly logoutGQL = inject(LogoutGQL);

  private readonly current = signal<SessionUser | null>(null);
  private restoring: Promise<void> | null = null;

  readonly user = this.current.asReadonly();
  readonly isLoggedIn = computed(() => this.current() !== null);

  constructor() {
    this.tokens.invalidated$.subscribe(() => void this.endSession());
  }

  /** Resolves once the stored token (if any) has been checked with the server. */
  ready(): Promise<void> {
    this.restoring ??= this.restore();
    return this.restoring;
  }

  async login(input: LoginInput): Promise<void> {
    const result = await firstValueFrom(this.loginGQL.mutate({ variables: { input } }));
    await this.startSession(required(result.data?.login));
  }

  async register(input: RegisterInput): Promise<void> {
    const result = await firstValueFrom(this.registerGQL.mutate({ variables: { input } }));
    await this.startSession(required(result.data?.register));
  }

  /** Revokes the token on the server (best effort) and signs out locally. */
  async logout(): Promise<void> {
    this.realtime.stop();
    try {
      await firstValueFrom(this.logoutGQL.mutate());
    } catch (error) {
      console.warn('OnAir logout: the server did not confirm', apiErrorCode(error));
    }
    this.tokens.clear();
    await this.endSession();
  }

  private async restore(): Promise<void> {
    const token = this.tokens.token();
    if (!token) return;
    try {
      const result = await firstValueFrom(this.meGQL.fetch({ fetchPolicy: 'network-only' }));
      const user = required(result.data?.me);
      this.current.set(user);
      this.realtime.start(token);
    } catch (error) {
      if (apiErrorCode(error) === 'UNAUTHENTICATED') this.tokens.clear();
      this.current.set(null);
    }
  }

  private async startSession(session: Session): Promise<void> {
    await this.apollo.client.clearStore();
    this.tokens.set(session.token);
    this.current.set(session.user);
    this.restoring = Promise.resolve();
    this.realtime.start(session.token);
  }

  private async endSession(): Promise<void> {
    this.realtime.stop();
    this.current.set(null);
    this.restoring = Promise.resolve();
    await this.apollo.client.clearStore();
    await this.router.navigateByUrl('/login');
  }
}

function required<T>(value: T | null | undefined): T {
  if (value == null) throw new Error('The server sent an empty answer');
  return value;
}
