import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'node:test';
import { MikroORM } from '@mikro-orm/core';
import { loadConfig } from '../src/config/config';
import { mysqlMigrations } from '../src/db/migrations/mysql';
import { sqliteMigrations } from '../src/db/migrations/sqlite';
import { ormOptions } from '../src/db/orm';
import { errorCode, gql, GqlResult } from './support/graphql';
import { onEveryBackend } from './support/matrix';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { token user { id nickname avatarUrl } } }`;
const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { user { id nickname } } }`;

const register = (url: string, nickname: string, extra: Record<string, unknown> = {}) =>
  gql(url, REGISTER, { input: { nickname, password: 'password1', ...extra } });
const login = (url: string, nickname: string, password = 'password1') => gql(url, LOGIN, { input: { nickname, password } });

/** The fields a BAD_USER_INPUT names (`extensions.fields[].field`). */
const fieldsOf = (result: GqlResult) =>
  ((result.errors?.[0]?.extensions?.fields ?? []) as { field: string }[]).map((f) => f.field);

// Look-alikes of "victim": Cyrillic і (U+0456) and с (U+0441); Cyrillic С (U+0421) and І (U+0406) in capitals.
const VICTIM_CYRILLIC = 'v\u0456\u0441t\u0456m';
const VICTIM_CAPS_CYRILLIC = 'V\u0406\u0421TIM';
/** The migration that added the look-alike keys, per dialect. */
const SKELETON_MIGRATION = { sqlite: 'Migration20261201151818', mysql: 'Migration20261201151822' } as const;

onEveryBackend('impersonation', (fx) => {
  it('refuses nicknames made of, or hiding, invisible and filler characters', async () => {
    const api = await fx.api();
    assert.equal((await register(api.url, 'victim')).errors, undefined);
    const cases = [
      '\u3164\u3164', // Hangul filler only
      'victim\u3164', // a taken nickname + a filler
      '\u3164victim',
      'vic\u115ftim', // Hangul choseong filler
      'vic\u1160tim', // Hangul jungseong filler
      'vic\uffa0tim', // halfwidth Hangul filler
      'vic\u2800tim', // blank Braille pattern
      'vic\u200dtim', // zero-width joiner (format)
      'vic\u034ftim', // combining grapheme joiner (default-ignorable)
      'vic\u2064tim', // invisible plus
    ];
    for (const nickname of cases) {
      const result = await register(api.url, nickname);
      assert.equal(errorCode(result), 'BAD_USER_INPUT', JSON.stringify(nickname));
      assert.ok(fieldsOf(result).includes('nickname'), `fields of ${JSON.stringify(nickname)}: ${JSON.stringify(result.errors)}`);
    }
    // U+FDFA is one letter that NFKC spells with 18: the stored nickname would not fit its column.
    const long = await register(api.url, '\ufdfa\ufdfa');
    assert.equal(errorCode(long), 'BAD_USER_INPUT', 'a nickname longer than 32 characters once normalized');
    const [{ n }] = await api.services.orm.em.fork().getConnection().execute('select count(*) as n from users');
    assert.equal(Number(n), 1, 'nothing else was written');
  });

  it('treats a nickname that looks like a taken one as taken, in either order, and signs in only by the exact name', async () => {
    const api = await fx.api();
    const victim = await register(api.url, 'victim');
    assert.equal(victim.errors, undefined);
    for (const nickname of [VICTIM_CYRILLIC, VICTIM_CAPS_CYRILLIC, 'VICTIM', 'Victim', 'v\u0456ct\u0456m']) {
      assert.equal(errorCode(await register(api.url, nickname)), 'NICKNAME_TAKEN', JSON.stringify(nickname));
    }
    // Capital I drawn as a small l: the classic swap.
    assert.equal((await register(api.url, 'alice')).errors, undefined);
    assert.equal(errorCode(await register(api.url, 'aIice')), 'NICKNAME_TAKEN');

    // Sign-in stays exact: a look-alike never reaches the account it resembles.
    assert.equal(errorCode(await login(api.url, VICTIM_CYRILLIC)), 'INVALID_CREDENTIALS');
    assert.equal(errorCode(await login(api.url, VICTIM_CAPS_CYRILLIC)), 'INVALID_CREDENTIALS');
    assert.equal((await login(api.url, 'VICTIM')).data!.login.user.id, victim.data!.register.user.id, 'case still does not matter');

    // The other order: the Cyrillic spelling came first, the Latin one is the look-alike now.
    const cyrillic = await register(api.url, `${VICTIM_CYRILLIC}2`);
    assert.equal(cyrillic.errors, undefined);
    assert.equal(errorCode(await register(api.url, 'victim2')), 'NICKNAME_TAKEN');
    assert.equal(errorCode(await login(api.url, 'victim2')), 'INVALID_CREDENTIALS');
    assert.equal((await login(api.url, `${VICTIM_CYRILLIC}2`)).data!.login.user.id, cyrillic.data!.register.user.id);
  });

  it('still welcomes names in every script', async () => {
    const api = await fx.api();
    for (const nickname of ['小明', 'Zoë', 'Иван', '김민준', 'Ζωή', 'José María', 'Nguyễn An']) {
      const result = await register(api.url, nickname);
      assert.equal(result.errors, undefined, `${nickname}: ${JSON.stringify(result.errors)}`);
      assert.equal(result.data!.register.user.nickname, nickname);
      assert.equal((await login(api.url, nickname)).data!.login.user.id, result.data!.register.user.id);
    }
  });

  it('lets exactly one of several look-alikes registered at once win (the database decides)', async () => {
    const api = await fx.api();
    for (const base of ['racer', 'paypal']) {
      const spellings = base === 'racer'
        ? ['racer', 'r\u0430cer', 'r\u0430c\u0435r', 'RACER', 'r\u0430\u0441er']
        : ['paypal', 'p\u0430yp\u0430l', 'PAYPAL', 'paypaI', 'p\u0430ypaI'];
      const results = await Promise.all(spellings.map((nickname) => register(api.url, nickname)));
      assert.equal(results.filter((r) => !r.errors).length, 1, JSON.stringify(results));
      assert.deepEqual(results.filter((r) => r.errors).map(errorCode), spellings.slice(1).map(() => 'NICKNAME_TAKEN'));
    }
    // Past the application's check, the unique index itself refuses a second row with the same skeleton.
    const connection = api.services.orm.em.fork().getConnection();
    const [row] = await connection.execute('select created_at, nickname_skeleton, nickname_folded_skeleton from users');
    assert.ok(row.nickname_skeleton && row.nickname_folded_skeleton);
    const insert = (skeleton: string, folded: string) => connection.execute(
      'insert into users (id, nickname, nickname_key, nickname_skeleton, nickname_folded_skeleton, password_hash, created_at) values (?, ?, ?, ?, ?, ?, ?)',
      [randomUUID(), 'sneaky', randomUUID(), skeleton, folded, 'x', row.created_at],
    );
    await assert.rejects(insert(row.nickname_skeleton, randomUUID()), /unique|duplicate/i);
    await assert.rejects(insert(randomUUID(), row.nickname_folded_skeleton), /unique|duplicate/i);
    // Keys compare exactly, on MySQL too (not by the table's case- and accent-blind collation): what the
    // code and the migration's de-duplication call different, the database does as well.
    await insert(row.nickname_skeleton.toUpperCase(), `${row.nickname_folded_skeleton}\u0301`);
  });

  it('fills the keys of existing accounts when migrating, leaving look-alikes that already exist unenforced', async () => {
    const database = loadConfig(fx.backend.env()).database;
    const list = database.kind === 'mysql' ? mysqlMigrations : sqliteMigrations;
    const index = list.findIndex((m) => m.name === SKELETON_MIGRATION[database.kind]);
    assert.ok(index > 0, 'the skeleton migration is registered');
    const orm = await MikroORM.init(ormOptions(database));
    try {
      await orm.getMigrator().up({ to: list[index - 1].name });
      const connection = orm.em.fork().getConnection();
      const insert = (nickname: string, day: number) => connection.execute(
        'insert into users (id, nickname, nickname_key, password_hash, created_at) values (?, ?, ?, ?, ?)',
        [randomUUID(), nickname, nickname.toLowerCase(), 'x', new Date(Date.UTC(2026, 0, day))],
      );
      await insert('victim', 1);
      await insert(VICTIM_CYRILLIC, 2); // registered before look-alikes were refused
      await insert('Zoë', 3);
      await orm.getMigrator().up();
      const rows = await connection.execute('select nickname, nickname_skeleton, nickname_folded_skeleton from users order by created_at');
      assert.equal(rows[0].nickname, 'victim');
      assert.equal(rows[0].nickname_skeleton, 'victirn', 'the oldest account keeps the keys');
      assert.equal(rows[0].nickname_folded_skeleton, 'victirn');
      assert.equal(rows[1].nickname_skeleton, null, 'the later look-alike keeps NULL: unique, yet still listed');
      assert.equal(rows[1].nickname_folded_skeleton, null);
      assert.ok(rows[2].nickname_skeleton, 'an account with no look-alike gets its keys');
      assert.deepEqual(await orm.getMigrator().getPendingMigrations(), []);
    } finally {
      await orm.close(true);
    }
    // The api on that database: the oldest account's keys keep a third spelling out.
    const api = await fx.api(database.kind === 'mysql' ? { DATABASE_URL: database.url } : { DATABASE_URL: `sqlite:${database.file}` });
    assert.equal(errorCode(await register(api.url, VICTIM_CAPS_CYRILLIC)), 'NICKNAME_TAKEN');
    assert.equal(errorCode(await register(api.url, 'Z\u043e\u00eb')), 'NICKNAME_TAKEN', 'Zoë with a Cyrillic о');
  });

  it('takes only public https avatar URLs', async () => {
    const api = await fx.api();
    const refused = [
      'http://example.com/a.png', // not https
      'http://127.0.0.1:4000/graphql',
      'https://127.0.0.1/a.png',
      'https://127.1.2.3/a.png',
      'https://2130706433/a.png', // 127.0.0.1 written as one number
      'https://0x7f.1/a.png',
      'https://0.0.0.0/a.png',
      'https://169.254.169.254/latest/meta-data/',
      'https://10.1.2.3/a.png',
      'https://172.16.0.1/a.png',
      'https://192.168.1.1/a.png',
      'https://100.64.0.1/a.png', // shared address space (carrier NAT)
      'https://[::1]/a.png',
      'https://[::]/a.png',
      'https://[::ffff:127.0.0.1]/a.png',
      'https://[::ffff:a9fe:a9fe]/a.png', // 169.254.169.254, IPv4-mapped
      'https://[fd12:3456::1]/a.png',
      'https://[fe80::1]/a.png',
      'https://[ff02::1]/a.png',
      'https://[64:ff9b::7f00:1]/a.png', // NAT64 of 127.0.0.1
      'https://localhost/a.png',
      'https://LOCALHOST./a.png',
      'https://api.localhost/a.png',
      'https://intranet/a.png', // one label
      'https://printer.local/a.png',
      'https://metadata.google.internal/computeMetadata/v1/',
      'https://user:secret@example.com/a.png',
      'https://example.com@127.0.0.1/a.png',
      'https://example.com:8443/a.png',
      `https://example.com/${'a'.repeat(2048)}.png`,
      'javascript:alert(1)',
      'not a url',
    ];
    let i = 0;
    for (const avatarUrl of refused) {
      const result = await register(api.url, `pic-${i++}`, { avatarUrl });
      assert.equal(errorCode(result), 'BAD_USER_INPUT', avatarUrl);
      assert.ok(fieldsOf(result).includes('avatarUrl'), `fields of ${avatarUrl}: ${JSON.stringify(result.errors)}`);
    }
    const accepted: [string, string][] = [
      ['https://example.com/a.png', 'https://example.com/a.png'],
      ['https://cdn.example.org:443/u/1.webp?size=64', 'https://cdn.example.org/u/1.webp?size=64'],
      ['https://8.8.8.8/a.png', 'https://8.8.8.8/a.png'],
      ['https://[2001:4860:4860::8888]/a.png', 'https://[2001:4860:4860::8888]/a.png'],
    ];
    for (const [avatarUrl, stored] of accepted) {
      const result = await register(api.url, `pic-${i++}`, { avatarUrl });
      assert.equal(result.errors, undefined, `${avatarUrl}: ${JSON.stringify(result.errors)}`);
      assert.equal(result.data!.register.user.avatarUrl, stored);
    }
    assert.equal((await register(api.url, `pic-${i++}`, { avatarUrl: null })).data!.register.user.avatarUrl, null);
  });
});
