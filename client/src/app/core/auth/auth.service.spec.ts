import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { Apollo, provideApollo } from 'apollo-angular';
import { Subject, firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apolloOptions } from '../apollo/apollo.config';
import { RealtimeService } from '../apollo/realtime.service';
import { apiErrorCode } from '../graphql/api-error';
import { MeGQL } from '../graphql/generated';
import { authInterceptor } from '../interceptors/auth.interceptor';
import { AuthService } from './auth.service';
import { TOKEN_STORAGE_KEY, TokenStore } from './token.store';

const ADA = { __typename: 'User', id: 'u1', nickname: 'ada', avatarUrl: null };
const session = (token: string) => ({ __typename: 'AuthPayload', token, expiresAt: '2030-01-01T00:00:00.000Z', user: ADA });

/** The graphql-ws connection: opening a socket is not this test's business, only when it is started and stopped. */
class FakeRealtime {
  readonly state = signal('offline');
  readonly connected$ = new Subject<{ wasRetry: boolean }>();
  readonly start = vi.fn((_token: string) => this.state.set('connecting'));
  readonly stop = vi.fn(() => this.state.set('offline'));
}

/**
 * The real Apollo setup of the app (apolloOptions: HTTP link, the UNAUTHENTICATED error link) and
 * the auth interceptor, over Angular's HTTP testing backend: the api is the only fake.
 */
describe('AuthService', () => {
  let http: HttpTestingController;
  let realtime: FakeRealtime;
  let navigate: ReturnType<typeof vi.fn>;

  function setUp(storedToken: string | null = null) {
    localStorage.clear();
    if (storedToken) localStorage.setItem(TOKEN_STORAGE_KEY, storedToken);
    realtime = new FakeRealtime();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideApollo(apolloOptions),
        { provide: RealtimeService, useValue: realtime },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true) as unknown as ReturnType<typeof vi.fn>;
    return TestBed.inject(AuthService);
  }

  /** The next request for `operationName` to /graphql. */
  async function request(operationName: string): Promise<TestRequest> {
    let found: TestRequest | undefined;
    await vi.waitFor(() => {
      [found] = http.match((r) => r.url === '/graphql' && (r.body as { operationName?: string }).operationName === operationName);
      expect(found, `a ${operationName} request`).toBeDefined();
    });
    return found!;
  }

  const graphqlError = (code: string) => ({ errors: [{ message: code, extensions: { code } }], data: null });

  beforeEach(() => localStorage.clear());
  afterEach(() => {
    http.verify();
    TestBed.resetTestingModule();
    vi.restoreAllMocks();
    localStorage.clear();
  });

  it('with no stored token, is ready at once and signed out, without asking the server', async () => {
    const auth = setUp();
    await auth.ready();
    expect(auth.isLoggedIn()).toBe(false);
    expect(realtime.start).not.toHaveBeenCalled();
  });

  it('restores the session from a stored token: asks who it is (with the bearer token) and opens the realtime connection', async () => {
    const auth = setUp('stored');
    const ready = auth.ready();
    const me = await request('Me');
    expect(me.request.headers.get('Authorization')).toBe('Bearer stored');
    me.flush({ data: { me: ADA } });
    await ready;
    expect(auth.user()).toEqual(ADA);
    expect(auth.isLoggedIn()).toBe(true);
    expect(realtime.start).toHaveBeenCalledWith('stored');
    expect(auth.ready()).toBe(ready);
  });

  it('a stored token the server refuses (UNAUTHENTICATED) is dropped: signed out, sent to /login', async () => {
    const auth = setUp('expired');
    const ready = auth.ready();
    (await request('Me')).flush(graphqlError('UNAUTHENTICATED'));
    await ready;
    expect(auth.isLoggedIn()).toBe(false);
    expect(TestBed.inject(TokenStore).token()).toBeNull();
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(realtime.start).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith('/login'), { timeout: 2000 });
  });

  it('a stored token is kept when the server cannot be reached (signed out for now, not forgotten)', async () => {
    const auth = setUp('stored');
    const ready = auth.ready();
    (await request('Me')).flush('Bad Gateway', { status: 502, statusText: 'Bad Gateway' });
    await ready;
    expect(auth.isLoggedIn()).toBe(false);
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('stored');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('login keeps the token, sets the user and opens the realtime connection; later requests carry the token', async () => {
    const auth = setUp();
    const clearStore = vi.spyOn(TestBed.inject(Apollo).client, 'clearStore');
    const login = auth.login({ nickname: 'ada', password: 'correct horse' });
    const req = await request('Login');
    expect(req.request.headers.has('Authorization')).toBe(false);
    expect(req.request.body.variables).toEqual({ input: { nickname: 'ada', password: 'correct horse' } });
    req.flush({ data: { login: session('fresh') } });
    await login;
    expect(clearStore).toHaveBeenCalled(); // nothing cached for someone else is shown
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('fresh');
    expect(auth.user()).toEqual(ADA);
    expect(realtime.start).toHaveBeenCalledWith('fresh');
    await auth.ready(); // already known: no Me request

    void firstValueFrom(TestBed.inject(MeGQL).fetch({ fetchPolicy: 'network-only' }));
    const me = await request('Me');
    expect(me.request.headers.get('Authorization')).toBe('Bearer fresh');
    me.flush({ data: { me: ADA } });
  });

  it('a refused login rejects with the API\'s code and leaves the user signed out', async () => {
    const auth = setUp();
    const login = auth.login({ nickname: 'ada', password: 'wrong' });
    (await request('Login')).flush(graphqlError('INVALID_CREDENTIALS'));
    const error = await login.catch((e: unknown) => e);
    expect(apiErrorCode(error)).toBe('INVALID_CREDENTIALS');
    expect(auth.isLoggedIn()).toBe(false);
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(realtime.start).not.toHaveBeenCalled();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('register signs the new user in', async () => {
    const auth = setUp();
    const registering = auth.register({ nickname: 'ada', password: 'correct horse' });
    (await request('Register')).flush({ data: { register: session('new') } });
    await registering;
    expect(auth.user()).toEqual(ADA);
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('new');
  });

  it('logout revokes the token on the server, then forgets it and goes to /login', async () => {
    const auth = setUp('stored');
    const ready = auth.ready();
    (await request('Me')).flush({ data: { me: ADA } });
    await ready;
    const loggingOut = auth.logout();
    expect(realtime.stop).toHaveBeenCalled();
    const req = await request('Logout');
    expect(req.request.headers.get('Authorization')).toBe('Bearer stored');
    req.flush({ data: { logout: true } });
    await loggingOut;
    expect(auth.isLoggedIn()).toBe(false);
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(navigate).toHaveBeenCalledWith('/login');
  });

  it('logout signs out locally even when the server does not answer', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const auth = setUp('stored');
    const ready = auth.ready();
    (await request('Me')).flush({ data: { me: ADA } });
    await ready;
    const loggingOut = auth.logout();
    (await request('Logout')).error(new ProgressEvent('error'));
    await loggingOut;
    expect(auth.isLoggedIn()).toBe(false);
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(navigate).toHaveBeenCalledWith('/login');
  });

  it('any signed-in request answered UNAUTHENTICATED (expired or revoked elsewhere) ends the session', async () => {
    const auth = setUp('stored');
    const ready = auth.ready();
    (await request('Me')).flush({ data: { me: ADA } });
    await ready;
    realtime.stop.mockClear();

    const later = firstValueFrom(TestBed.inject(MeGQL).fetch({ fetchPolicy: 'network-only' })).catch((e: unknown) => e);
    (await request('Me')).flush(graphqlError('UNAUTHENTICATED'));
    await later;
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith('/login'));
    expect(auth.isLoggedIn()).toBe(false);
    expect(auth.user()).toBeNull();
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(realtime.stop).toHaveBeenCalled();
  });

  it('other API errors leave the session alone', async () => {
    const auth = setUp('stored');
    const ready = auth.ready();
    (await request('Me')).flush({ data: { me: ADA } });
    await ready;
    const later = firstValueFrom(TestBed.inject(MeGQL).fetch({ fetchPolicy: 'network-only' })).catch((e: unknown) => e);
    (await request('Me')).flush(graphqlError('FORBIDDEN'));
    expect(apiErrorCode(await later)).toBe('FORBIDDEN');
    expect(auth.isLoggedIn()).toBe(true);
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('stored');
    expect(navigate).not.toHaveBeenCalled();
  });
});
