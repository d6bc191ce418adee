import { lookalikeKeys } from '../../users/nickname';

type Execute = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

const BATCH = 500;

/**
 * Fills `users.nickname_skeleton` and `nickname_folded_skeleton` of existing accounts, oldest first.
 * Accounts registered before look-alikes were refused may already look like an older one: such an
 * account keeps NULL in the key it shares (a unique index lets NULLs repeat), so the migration never
 * fails on them, the older account's key keeps further look-alikes out, and the pair stays easy to list:
 * `select * from users where nickname_skeleton is null or nickname_folded_skeleton is null`.
 * Renaming the newer account and setting its keys (users/nickname.ts `lookalikeKeys`) resolves it.
 * Keys are computed with today's code: a later change of the keys needs a migration of its own.
 */
export async function fillLookalikeKeys(execute: Execute): Promise<void> {
  const rows = await execute('select id, nickname from users order by created_at, id');
  const taken = { skeleton: new Set<string>(), foldedSkeleton: new Set<string>() };
  const claim = (set: Set<string>, key: string) => (set.has(key) ? null : (set.add(key), key));
  const keys = rows.map((row) => {
    const { skeleton, foldedSkeleton } = lookalikeKeys(String(row.nickname));
    return { id: String(row.id), skeleton: claim(taken.skeleton, skeleton), foldedSkeleton: claim(taken.foldedSkeleton, foldedSkeleton) };
  });
  for (let start = 0; start < keys.length; start += BATCH) {
    const batch = keys.slice(start, start + BATCH);
    const cases = batch.map(() => 'when ? then ?').join(' ');
    await execute(
      `update users set nickname_skeleton = case id ${cases} end, nickname_folded_skeleton = case id ${cases} end ` +
      `where id in (${batch.map(() => '?').join(', ')})`,
      [
        ...batch.flatMap((k) => [k.id, k.skeleton]),
        ...batch.flatMap((k) => [k.id, k.foldedSkeleton]),
        ...batch.map((k) => k.id),
      ],
    );
  }
}
