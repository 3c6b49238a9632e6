import { isLocale } from '../platform/locales.ts';
import { groupMomentsByStage, hasText, JOURNEY_FORMAT, validateBlueprint, withDefaults, type Blueprint, type Locale, type Problem, type TranslatableText } from './model.ts';
import { JourneyDocumentSchema, schemaProblems, type JourneyDocument } from './schemas.ts';

/*
 * The `keymoment.journey/v1` exchange format (docs/journey-format.md): a journey's identity and one
 * blueprint in a single JSON file. Exports, imports and the shipped templates all use it.
 */

/**
 * Every problem of a document that already has the right shape: texts missing in the fallback
 * language and the blueprint rules. Paths point into the document as given (moments not regrouped).
 */
export function journeyDocumentProblems(document: JourneyDocument): Problem[] {
  const problems: Problem[] = [];
  if (!hasText(document.name, document.fallbackLocale)) {
    problems.push({ severity: 'error', field: `name.${document.fallbackLocale}`, message: `name has no text in the fallback language ${document.fallbackLocale}` });
  }
  if (document.description && !hasText(document.description, document.fallbackLocale)) {
    problems.push({ severity: 'error', field: `description.${document.fallbackLocale}`, message: `description has no text in the fallback language ${document.fallbackLocale}` });
  }
  return [...problems, ...validateBlueprint(withDefaults(document), document.fallbackLocale)];
}

/** Checks any JSON value (a file read from disk) first against the schema, then against the rules. */
export function parseJourneyDocument(value: unknown): { document: JourneyDocument; problems: Problem[] } | { document: undefined; problems: Problem[] } {
  const shape = schemaProblems(JourneyDocumentSchema, value);
  if (shape.length > 0) return { document: undefined, problems: shape };
  const document = value as JourneyDocument;
  return { document, problems: journeyDocumentProblems(document) };
}

export function blueprintOfDocument(document: JourneyDocument): Blueprint {
  return groupMomentsByStage(withDefaults(document));
}

export function documentOfJourney(
  journey: { key: string; name: TranslatableText; description: TranslatableText | null; fallbackLocale: string },
  blueprint: Blueprint,
  exported: { at: Date; version: number | null },
): JourneyDocument {
  const fallbackLocale: Locale = isLocale(journey.fallbackLocale) ? journey.fallbackLocale : 'en';
  return {
    format: JOURNEY_FORMAT,
    key: journey.key,
    name: journey.name,
    ...(journey.description ? { description: journey.description } : {}),
    fallbackLocale,
    stages: blueprint.stages,
    moments: blueprint.moments,
    purposes: blueprint.purposes,
    exported: { at: exported.at.toISOString(), ...(exported.version !== null ? { version: exported.version } : {}) },
  };
}
