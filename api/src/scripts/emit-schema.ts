/** Writes the api's GraphQL contract to schema.graphql at the repository root. */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { createMemoryPubSub } from '../pubsub/pubsub';
import { createSchema } from '../graphql/schema';

async function main() {
  const schema = await createSchema(createMemoryPubSub());
  const target = process.argv[2] ?? resolve(__dirname, '../../../../schema.graphql');
  const header = '# The OnAir GraphQL contract. Generated from the api by `npm run codegen`; do not edit.\n\n';
  writeFileSync(target, header + printSchema(lexicographicSortSchema(schema)) + '\n');
  console.log(`wrote ${target}`);
}

main().catch((error) => { console.error(error); process.exit(1); });
