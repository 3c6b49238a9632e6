import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { blueprintOfDocument, parseJourneyDocument } from './document.ts';
import { errorsOf, type Blueprint } from './model.ts';
import type { JourneyDocument } from './schemas.ts';

/** Journey templates shipped with the product: `keymoment.journey/v1` files, read at run time from disk. */
export const TEMPLATES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');

export interface JourneyTemplate {
  key: string;
  document: JourneyDocument;
  blueprint: Blueprint;
}

/** Reads and checks every template file of a folder; a file with errors fails loudly, naming it. */
export async function loadTemplates(dir: string = TEMPLATES_DIR): Promise<JourneyTemplate[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.json')).sort();
  const templates: JourneyTemplate[] = [];
  for (const file of files) {
    const { document, problems } = parseJourneyDocument(JSON.parse(await readFile(path.join(dir, file), 'utf8')) as unknown);
    const errors = errorsOf(problems);
    if (!document || errors.length > 0) {
      throw new Error(`Journey template ${file} is invalid: ${errors.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    }
    if (templates.some((template) => template.key === document.key)) throw new Error(`Journey template key ${document.key} is used twice (${file})`);
    templates.push({ key: document.key, document, blueprint: blueprintOfDocument(document) });
  }
  return templates;
}

// The files are part of the build and never change while the process runs, so every server node
// holds the same copy: this cache cannot disagree with another node's.
let shipped: Promise<JourneyTemplate[]> | undefined;

export function listShippedTemplates(): Promise<JourneyTemplate[]> {
  shipped ??= loadTemplates().catch((error: unknown) => {
    shipped = undefined;
    throw error;
  });
  return shipped;
}

export async function findShippedTemplate(key: string): Promise<JourneyTemplate | undefined> {
  return (await listShippedTemplates()).find((template) => template.key === key);
}
