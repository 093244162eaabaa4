// Writes schema/appeal.schema.json from the zod schema (run after tsc by `npm run build`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { appealJsonSchema } from '../dist/appeal/schema.js';

const target = new URL('../schema/appeal.schema.json', import.meta.url);
mkdirSync(new URL('.', target), { recursive: true });
const schema = { title: 'appeal.json (handmade-appeal)', ...appealJsonSchema() };
writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
