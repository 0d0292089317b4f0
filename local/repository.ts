/** The repository's root folder, where cdk.json, methodologies/ and example/ are. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
