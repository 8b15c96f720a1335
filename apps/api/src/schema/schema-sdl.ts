import '../graphql/enums';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { RESOLVERS } from '../resolvers';

/** Path of the committed schema, relative to the repository root. */
export const SCHEMA_FILE = 'apps/api/schema.gql';

const HEADER = '# Generated from the code-first resolvers by `npm run schema:generate`. Do not edit.\n# A unit test fails when this file is stale.\n\n';

/** The API's schema as SDL, built from the resolver metadata alone (no database, no HTTP). */
export async function buildSchemaSdl(): Promise<string> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    const schema = await app.get(GraphQLSchemaFactory).create([...RESOLVERS]);
    return HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
  } finally {
    await app.close();
  }
}
