import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useStage, waitForPath } from './harness';

const stage = useStage();

/** A request a third party makes with the key. */
async function asThirdParty(key: string, query: string) {
  const response = await fetch(`${stage.api.url}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, code: body.errors?.[0]?.extensions?.code, data: body.data };
}

test('a user creates an API key (shown once), a third party reads the catalog with it and nothing else, revoking it stops it',
  { timeout: 120_000 }, async () => {
    try {
      const { page } = (await stage.signUp('owner')).guest;

      await page.getByTestId('nav-api-keys').click();
      await waitForPath(page, '/account/api-keys');
      await page.getByTestId('api-keys-empty').waitFor();
      await page.getByTestId('api-key-name').fill('Partner site');
      await page.getByTestId('api-key-create').click();
      const key = (await page.getByTestId('api-key-value').textContent())!.trim();
      assert.match(key, /^onair_[A-Za-z0-9_-]{43}$/);
      await page.locator('[data-testid="api-key"][data-name="Partner site"]').waitFor();

      const read = await asThirdParty(key, '{ videos { totalCount edges { node { id } } } }');
      assert.equal(read.status, 200);
      assert.equal(read.data.videos.totalCount, 0);
      assert.equal((await asThirdParty(key, '{ me { id } }')).code, 'FORBIDDEN');

      await page.reload();
      await page.locator('[data-testid="api-key"][data-name="Partner site"]').waitFor();
      assert.equal(await page.getByTestId('api-key-value').count(), 0, 'the key is not shown again');
      assert.match((await page.getByTestId('api-key').textContent()) ?? '', /last used/);

      await page.getByTestId('api-key-revoke').click();
      await page.getByTestId('api-key-revoke-confirm').click();
      await page.getByTestId('api-keys-empty').waitFor();
      const refused = await asThirdParty(key, '{ videos { totalCount } }');
      assert.equal(refused.status, 401);
      assert.equal(refused.code, 'UNAUTHENTICATED');
    } catch (error) {
      throw stage.failure(error);
    }
  });
