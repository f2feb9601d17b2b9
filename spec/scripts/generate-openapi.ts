/** `npm run spec`: writes the OpenAPI documents and the public API types generated from the contracts. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGeneratedFiles } from './openapi/openapi-documents.js';

const specFolder = join(dirname(fileURLToPath(import.meta.url)), '..');

for (const file of await buildGeneratedFiles()) {
  const target = join(specFolder, file.path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, file.content);
  console.log(`wrote spec/${file.path}`);
}
