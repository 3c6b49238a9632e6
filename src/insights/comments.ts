import { sql } from 'drizzle-orm';
import type { Database } from '../platform/database.ts';
import { analyzeSentiment, detectLanguage, extractThemes, parseLanguageTag, type LanguageOption } from '../text/index.ts';
import { applyThemeDeltas, rowsOf, themeItemsOf, type AnalysedRow } from './rollups.ts';

/*
 * Comment analysis (issue #8.6). The ingest listener leaves a pending row per commented response;
 * this drains them in batches: read the comments, analyse them OUTSIDE any transaction (the CPU work),
 * then store results and theme counts in one short transaction that claims only rows still pending
 * (`analysed_at is null`), so two workers or a deletion racing the job never count a comment twice.
 */

export const COMMENT_BATCH = 500;

interface PendingRow {
  org_id: string;
  response_id: string;
  locale: string | null;
  comment: string | null;
  [key: string]: unknown;
}

/**
 * The comment's language: detected from the text (people often answer a Hungarian survey in English);
 * the survey's language only when detection cannot tell.
 */
function languageOf(text: string, locale: string | null): LanguageOption {
  const detected = detectLanguage(text);
  if (detected !== 'other' || !locale) return detected;
  return parseLanguageTag(locale) ?? 'other';
}

/** Analyses up to `limit` pending comments (all organisations, oldest first). Returns how many were stored. */
export async function analysePendingComments(database: Database, now: Date, limit = COMMENT_BATCH): Promise<number> {
  const db = database.db;
  const pending = rowsOf<PendingRow>(
    await db.execute(sql`
      select a.org_id, a.response_id, a.locale, r.comment
      from insight_comment_analyses a
      left join responses r on r.org_id = a.org_id and r.response_id = a.response_id
      where a.analysed_at is null
      order by a.created_at, a.org_id, a.response_id
      limit ${limit}`),
  );
  if (pending.length === 0) return 0;
  const results = pending.map((row) => {
    const text = row.comment ?? '';
    const options = { lang: languageOf(text, row.locale) };
    const sentiment = analyzeSentiment(text, options);
    const themes = extractThemes(text, options);
    return {
      orgId: row.org_id,
      responseId: row.response_id,
      lang: sentiment.lang,
      score: sentiment.score,
      label: sentiment.label,
      themes: themes.themes.map((mention) => ({ theme: mention.theme, matches: [...mention.matches], score: mention.sentiment.score, label: mention.sentiment.label })),
      keyPhrases: [...themes.keyPhrases].slice(0, 20),
    };
  });
  let stored = 0;
  const byOrg = new Map<string, typeof results>();
  for (const result of results) byOrg.set(result.orgId, [...(byOrg.get(result.orgId) ?? []), result]);
  for (const [orgId, list] of byOrg) {
    await db.transaction(async (tx) => {
      const values = sql.join(
        list.map((r) => sql`(${r.responseId}::text, ${r.lang}::text, ${r.score}::float8, ${r.label}::text, ${JSON.stringify(r.themes)}::jsonb, ${JSON.stringify(r.keyPhrases)}::jsonb)`),
        sql`, `,
      );
      const claimed = rowsOf<AnalysedRow>(
        await tx.execute(sql`
          update insight_comment_analyses a set analysed_at = ${now.toISOString()}::timestamptz, lang = v.lang, sentiment_score = v.score,
            sentiment_label = v.label, themes = v.themes, key_phrases = v.key_phrases
          from (values ${values}) as v(response_id, lang, score, label, themes, key_phrases)
          where a.org_id = ${orgId} and a.response_id = v.response_id and a.analysed_at is null
          returning a.day::text as day, a.journey_key, a.moment_key, a.location_id, a.sentiment_label, a.sentiment_score, a.themes`),
      );
      await applyThemeDeltas(tx, orgId, themeItemsOf(claimed), 1);
      stored += claimed.length;
    });
  }
  return stored;
}

/** Drains the outbox (batch after batch) until nothing is pending or `maxBatches` ran. */
export async function drainPendingComments(database: Database, now: () => Date, maxBatches = 100): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const stored = await analysePendingComments(database, now());
    total += stored;
    if (stored === 0) break;
  }
  return total;
}
