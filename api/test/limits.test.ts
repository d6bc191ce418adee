import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildSchema, DefinitionNode, Kind, parse, specifiedRules, validate } from 'graphql';
import { loadConfig } from '../src/config/config';
import { limitRules } from '../src/graphql/limits';

const ROOT = join(__dirname, '../../..');

// The limits must refuse abuse, never the app: every operation the browser app sends passes them.
describe('query limits and the app', () => {
  it("admits every operation of the app's GraphQL documents with the default limits", () => {
    const schema = buildSchema(readFileSync(join(ROOT, 'schema.graphql'), 'utf8'));
    const files = execFileSync('find', [join(ROOT, 'client/src'), '-name', '*.graphql'], { encoding: 'utf8' }).trim().split('\n');
    const definitions: DefinitionNode[] = files.flatMap((file) => parse(readFileSync(file, 'utf8')).definitions);
    const fragments = definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
    const operations = definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    assert.ok(operations.length >= 10, `found ${operations.length} operations`);
    const rules = [...specifiedRules, ...limitRules(loadConfig({}).graphqlLimits)];
    for (const operation of operations) {
      const errors = validate(schema, { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] }, rules)
        .filter((e) => !/Fragment ".+" is never used/.test(e.message));
      assert.deepEqual(errors.map((e) => e.message), [], operation.name?.value);
    }
  });
});
