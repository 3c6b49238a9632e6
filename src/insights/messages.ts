import type { Locale } from '../platform/locales.ts';
import type { AlertFinding } from './schema.ts';

/*
 * The alert e-mail in the five languages. Numbers are formatted with Intl in the reader's language;
 * moment, location and role names come from the blueprint and the location tree as they are.
 */

export interface AlertMailParams {
  name: string;
  moment: string;
  /** The location's name, or the organisation's for an organisation-wide alert. */
  place: string;
  /** The period judged, already formatted ("2026-11-16 – 2026-11-22"). */
  period: string;
  role: string | null;
  findings: AlertFinding[];
  url: string;
}

interface Catalogue {
  subject: (p: AlertMailParams) => string;
  greeting: (name: string) => string;
  intro: (p: AlertMailParams) => string;
  below: (metric: string, score: string, comparator: string, target: string, n: number) => string;
  drop: (metric: string, score: string, previous: string, difference: string, p: string) => string;
  role: (role: string) => string;
  open: string;
  comparators: Record<string, string>;
}

const METRIC_NAMES = { nps: 'NPS', csat: 'CSAT', ces: 'CES' } as const;

export const alertMessages: Record<Locale, Catalogue> = {
  en: {
    subject: (p) => `Keymoment alert: ${p.moment} at ${p.place}`,
    greeting: (name) => `Hello ${name},`,
    intro: (p) => `The moment "${p.moment}" at ${p.place} needs attention for ${p.period}:`,
    below: (m, s, c, t, n) => `- ${m} is ${s} (n = ${n}), below its target (${c} ${t}).`,
    drop: (m, s, prev, d, p) => `- ${m} fell to ${s} from ${prev} the period before (${d}; p = ${p}, a significant drop).`,
    role: (role) => `Responsible for this moment: ${role}.`,
    open: 'See the scores and comments:',
    comparators: { gte: '≥', gt: '>', lte: '≤', lt: '<', eq: '=' },
  },
  'zh-CN': {
    subject: (p) => `Keymoment 提醒：${p.place}的「${p.moment}」`,
    greeting: (name) => `${name}，您好：`,
    intro: (p) => `${p.place}的关键时刻「${p.moment}」在 ${p.period} 需要关注：`,
    below: (m, s, c, t, n) => `- ${m} 为 ${s}（n = ${n}），未达到目标（${c} ${t}）。`,
    drop: (m, s, prev, d, p) => `- ${m} 由上一期的 ${prev} 降至 ${s}（${d}；p = ${p}，显著下降）。`,
    role: (role) => `该时刻的负责岗位：${role}。`,
    open: '查看得分与评论：',
    comparators: { gte: '≥', gt: '>', lte: '≤', lt: '<', eq: '=' },
  },
  'zh-TW': {
    subject: (p) => `Keymoment 提醒：${p.place}的「${p.moment}」`,
    greeting: (name) => `${name}，您好：`,
    intro: (p) => `${p.place}的關鍵時刻「${p.moment}」在 ${p.period} 需要關注：`,
    below: (m, s, c, t, n) => `- ${m} 為 ${s}（n = ${n}），未達到目標（${c} ${t}）。`,
    drop: (m, s, prev, d, p) => `- ${m} 由上一期的 ${prev} 降至 ${s}（${d}；p = ${p}，顯著下降）。`,
    role: (role) => `該時刻的負責崗位：${role}。`,
    open: '查看分數與評論：',
    comparators: { gte: '≥', gt: '>', lte: '≤', lt: '<', eq: '=' },
  },
  ru: {
    subject: (p) => `Keymoment: внимание к моменту «${p.moment}» (${p.place})`,
    greeting: (name) => `Здравствуйте, ${name}!`,
    intro: (p) => `Момент «${p.moment}» в точке ${p.place} требует внимания за период ${p.period}:`,
    below: (m, s, c, t, n) => `- ${m}: ${s} (n = ${n}), ниже цели (${c} ${t}).`,
    drop: (m, s, prev, d, p) => `- ${m} снизился до ${s} с ${prev} в прошлом периоде (${d}; p = ${p}, значимое снижение).`,
    role: (role) => `Ответственный за момент: ${role}.`,
    open: 'Оценки и комментарии:',
    comparators: { gte: '≥', gt: '>', lte: '≤', lt: '<', eq: '=' },
  },
  hu: {
    subject: (p) => `Keymoment figyelmeztetés: ${p.moment} – ${p.place}`,
    greeting: (name) => `Kedves ${name}!`,
    intro: (p) => `A(z) „${p.moment}” pillanat itt: ${p.place} figyelmet igényel (${p.period}):`,
    below: (m, s, c, t, n) => `- ${m}: ${s} (n = ${n}), a cél alatt (${c} ${t}).`,
    drop: (m, s, prev, d, p) => `- ${m} ${prev} értékről ${s} értékre esett az előző időszakhoz képest (${d}; p = ${p}, szignifikáns csökkenés).`,
    role: (role) => `A pillanat felelőse: ${role}.`,
    open: 'Pontszámok és megjegyzések:',
    comparators: { gte: '≥', gt: '>', lte: '≤', lt: '<', eq: '=' },
  },
};

export function alertMail(locale: Locale, p: AlertMailParams): { subject: string; text: string } {
  const m = alertMessages[locale];
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const signed = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, signDisplay: 'always' });
  const pValue = new Intl.NumberFormat(locale, { maximumSignificantDigits: 2 });
  const lines = p.findings.map((f) => {
    const metric = METRIC_NAMES[f.metric];
    if (f.kind === 'below_benchmark' && f.benchmark) {
      return m.below(metric, number.format(f.score), m.comparators[f.benchmark.comparator] ?? f.benchmark.comparator, number.format(f.benchmark.value), f.n);
    }
    const prev = f.previous!;
    return m.drop(metric, number.format(f.score), number.format(prev.score), signed.format(prev.difference), pValue.format(prev.pValue));
  });
  const text = [m.greeting(p.name), '', m.intro(p), ...lines, ...(p.role ? ['', m.role(p.role)] : []), '', m.open, p.url].join('\n');
  return { subject: m.subject(p), text };
}
