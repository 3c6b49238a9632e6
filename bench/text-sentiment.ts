/**
 * Throughput of analyzeSentiment on one core (Node runs it on the main thread; jieba's native
 * segmentation is synchronous too).
 *
 *   node --import tsx bench/text-sentiment.ts [seconds-per-run=3]
 *
 * Texts: real comments from ../shared/data when the folder is there (a fixed sample per language:
 * Chinese hotel reviews, English hotel reviews, Russian tweets, Hungarian news sentences), otherwise
 * a built-in set of short comments. Language is detected per text, as `keymoment text sentiment`
 * does. Each run is preceded by a warm-up (the first Chinese text builds jieba's dictionary).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { analyzeSentiment } from '../src/text/index.ts';

const seconds = Number(process.argv[2] ?? 3);
const dataDir = process.env.KEYMOMENT_EVAL_DATA ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/data');
const PER_LANGUAGE = 2000;

function column(file: string, name: string): string[] {
  const full = path.join(dataDir, file);
  if (!existsSync(full)) return [];
  const rows = Papa.parse<Record<string, string>>(readFileSync(full, 'utf8'), { header: true, skipEmptyLines: true }).data;
  return rows
    .map((r) => r[name] ?? '')
    .filter(Boolean)
    .slice(0, PER_LANGUAGE);
}

const builtIn: Record<string, string[]> = {
  en: ['The staff were friendly but we waited 40 minutes to check in.', 'Great value, clean room, would stay again!', 'Nobody answered the phone. Never again.'],
  zh: ['房间很干净，服务态度非常好，性价比高，下次还会入住。', '前台服务员态度恶劣，等了半个小时才办好入住手续。', '服務態度很好，但是早餐一般。'],
  ru: ['Сервис не хороший, очередь огромная.', 'Спасибо, всё быстро и вежливо)))', 'Приложение опять не работает(('],
  hu: ['A személyzet nagyon kedves volt, de sokat kellett várni.', 'Kiváló kiszolgálás, csak ajánlani tudom!', 'Nem működik a honlap, csalódott vagyok.'],
};

const corpora: Record<string, string[]> = {
  en: column('en/ott_deceptive-opinion_hotels.csv', 'text'),
  zh: column('zh/ChnSentiCorp_htl_all.csv', 'review'),
  ru: column('ru/sentirueval2016_banks_test_gold.csv', 'text'),
  hu: column('hu/OpinHuBank_20130106.utf8.csv', 'Sentence'),
};
const source = Object.values(corpora).every((c) => c.length > 0) ? 'shared/data sample' : 'built-in comments';
const sets: Record<string, string[]> = source === 'built-in comments' ? builtIn : corpora;
const mixed: string[] = [];
for (let i = 0; i < PER_LANGUAGE; i++) for (const texts of Object.values(sets)) if (texts[i % texts.length]) mixed.push(texts[i % texts.length]!);
sets.mixed = mixed;

function measure(texts: string[]): { perSecond: number; perCpuSecond: number; meanChars: number } {
  for (const t of texts.slice(0, 200)) analyzeSentiment(t); // warm-up
  let count = 0;
  let i = 0;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    for (let k = 0; k < 100; k++) {
      analyzeSentiment(texts[i]!);
      i = (i + 1) % texts.length;
      count++;
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { perSecond: Math.round(count / elapsed), perCpuSecond: Math.round(count / cpuSeconds), meanChars: Math.round(texts.reduce((a, t) => a + t.length, 0) / texts.length) };
}

console.log(`analyzeSentiment throughput, one core, ${source}, Node ${process.version}`);
// Per CPU second as well: on a busy shared machine wall-clock rates say more about the other load.
console.log('| texts | mean length (chars) | comments per second | per CPU second |');
console.log('|---|---:|---:|---:|');
for (const [name, texts] of Object.entries(sets)) {
  const { perSecond, perCpuSecond, meanChars } = measure(texts);
  console.log(`| ${name} | ${meanChars} | ${perSecond.toLocaleString('en')} | ${perCpuSecond.toLocaleString('en')} |`);
}
