import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorsOf, hasText, normaliseDefinition, validateDefinition, type ChecklistDefinition, type Problem } from './model.ts';
import { ChecklistDocumentSchema, schemaProblems, type ChecklistDocument } from './schemas.ts';

/** Checklist templates shipped with the product: `keymoment.checklist/v1` files read from disk. */
export const TEMPLATES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');

export interface ChecklistTemplate {
  key: string;
  document: ChecklistDocument;
  definition: ChecklistDefinition;
}

export function definitionOfDocument(document: ChecklistDocument): ChecklistDefinition {
  return normaliseDefinition({
    journeyKey: document.journeyKey,
    ...(document.passPercent !== undefined ? { passPercent: document.passPercent } : {}),
    ...(document.actionDueDays !== undefined ? { actionDueDays: document.actionDueDays } : {}),
    ...(document.criticalActionDueDays !== undefined ? { criticalActionDueDays: document.criticalActionDueDays } : {}),
    sections: document.sections,
  });
}

/** Shape first, then the rules (the journey itself is checked when the checklist is published). */
export function parseChecklistDocument(value: unknown): { document: ChecklistDocument | undefined; problems: Problem[] } {
  const shape = schemaProblems(ChecklistDocumentSchema, value);
  if (shape.length > 0) return { document: undefined, problems: shape };
  const document = value as ChecklistDocument;
  const problems: Problem[] = [];
  if (!hasText(document.name, document.fallbackLocale)) {
    problems.push({ severity: 'error', field: `name.${document.fallbackLocale}`, message: `name has no text in the fallback language ${document.fallbackLocale}` });
  }
  return { document, problems: [...problems, ...validateDefinition(definitionOfDocument(document), document.fallbackLocale)] };
}

/** Reads and checks every template file of a folder; a file with errors fails loudly, naming it. */
export async function loadChecklistTemplates(dir: string = TEMPLATES_DIR): Promise<ChecklistTemplate[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.json')).sort();
  const templates: ChecklistTemplate[] = [];
  for (const file of files) {
    const { document, problems } = parseChecklistDocument(JSON.parse(await readFile(path.join(dir, file), 'utf8')) as unknown);
    const errors = errorsOf(problems);
    if (!document || errors.length > 0) {
      throw new Error(`Checklist template ${file} is invalid: ${errors.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    }
    if (templates.some((template) => template.key === document.key)) throw new Error(`Checklist template key ${document.key} is used twice (${file})`);
    templates.push({ key: document.key, document, definition: definitionOfDocument(document) });
  }
  return templates;
}

// The files are part of the build and never change while the process runs, so every server node
// holds the same copy: this cache cannot disagree with another node's.
let shipped: Promise<ChecklistTemplate[]> | undefined;

export function listShippedChecklistTemplates(): Promise<ChecklistTemplate[]> {
  shipped ??= loadChecklistTemplates().catch((error: unknown) => {
    shipped = undefined;
    throw error;
  });
  return shipped;
}

export async function findShippedChecklistTemplate(key: string): Promise<ChecklistTemplate | undefined> {
  return (await listShippedChecklistTemplates()).find((template) => template.key === key);
}
