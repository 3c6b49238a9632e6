import type { Locale } from '../platform/locales.ts';
import type { Comparator, Metric } from './model.ts';

/** The words the blueprint poster prints itself, in every language of the product. */
export interface PosterTexts {
  peak: string;
  end: string;
  key: string;
  local: string;
  customerNeeds: string;
  actionGuide: string;
  targets: string;
  /** `{role}` is replaced. */
  responsible: string;
  centralBlueprint: string;
  /** `{version}` is replaced. */
  version: string;
  /** `{date}` is replaced. */
  printed: string;
  /** `{count}` is replaced. */
  more: string;
  legendPeak: string;
  legendEnd: string;
  legendKey: string;
  footer: string;
  locallyAdjusted: string;
  metrics: Record<Exclude<Metric, 'custom'>, string>;
  seconds: string;
  minutes: string;
}

export const POSTER_TEXTS: Record<Locale, PosterTexts> = {
  en: {
    peak: 'Peak',
    end: 'End',
    key: 'Key',
    local: 'Local',
    customerNeeds: 'Customer needs',
    actionGuide: 'Action guide',
    targets: 'Targets',
    responsible: 'Responsible: {role}',
    centralBlueprint: 'Central blueprint',
    version: 'Version {version}',
    printed: 'Printed {date}',
    more: '+{count} more',
    legendPeak: 'Peak: the moments customers remember most',
    legendEnd: 'End: the last impression',
    legendKey: 'Key moment of truth',
    footer: 'Service blueprint · moments of truth',
    locallyAdjusted: 'set for this location',
    metrics: {
      nps: 'NPS',
      csat: 'CSAT',
      ces: 'Effort (CES)',
      wait_seconds: 'Waiting time',
      handle_seconds: 'Service time',
      audit_compliance: 'Audit compliance',
    },
    seconds: '{n} s',
    minutes: '{n} min',
  },
  'zh-CN': {
    peak: '峰值',
    end: '终点',
    key: '关键',
    local: '本地',
    customerNeeds: '客户核心需求',
    actionGuide: '行动指引',
    targets: '标杆值',
    responsible: '责任人：{role}',
    centralBlueprint: '总部蓝图',
    version: '第 {version} 版',
    printed: '打印于 {date}',
    more: '另有 {count} 项',
    legendPeak: '峰值：客户记得最深的时刻',
    legendEnd: '终点：最后的印象',
    legendKey: '关键时刻',
    footer: '服务蓝图 · 关键时刻',
    locallyAdjusted: '本地设定',
    metrics: {
      nps: 'NPS 净推荐值',
      csat: 'CSAT 满意度',
      ces: '费力度（CES）',
      wait_seconds: '等候时间',
      handle_seconds: '办理时间',
      audit_compliance: '检查达标率',
    },
    seconds: '{n} 秒',
    minutes: '{n} 分钟',
  },
  'zh-TW': {
    peak: '峰值',
    end: '終點',
    key: '關鍵',
    local: '本地',
    customerNeeds: '顧客核心需求',
    actionGuide: '行動指引',
    targets: '標竿值',
    responsible: '負責人：{role}',
    centralBlueprint: '總部藍圖',
    version: '第 {version} 版',
    printed: '列印於 {date}',
    more: '另有 {count} 項',
    legendPeak: '峰值：顧客記得最深的時刻',
    legendEnd: '終點：最後的印象',
    legendKey: '關鍵時刻',
    footer: '服務藍圖 · 關鍵時刻',
    locallyAdjusted: '本地設定',
    metrics: {
      nps: 'NPS 淨推薦值',
      csat: 'CSAT 滿意度',
      ces: '費力度（CES）',
      wait_seconds: '等候時間',
      handle_seconds: '辦理時間',
      audit_compliance: '稽核達標率',
    },
    seconds: '{n} 秒',
    minutes: '{n} 分鐘',
  },
  ru: {
    peak: 'Пик',
    end: 'Финал',
    key: 'Ключевой',
    local: 'Местный',
    customerNeeds: 'Потребности клиента',
    actionGuide: 'Порядок действий',
    targets: 'Целевые значения',
    responsible: 'Ответственный: {role}',
    centralBlueprint: 'Центральная схема',
    version: 'Версия {version}',
    printed: 'Напечатано {date}',
    more: 'ещё {count}',
    legendPeak: 'Пик: моменты, которые клиенты запоминают сильнее всего',
    legendEnd: 'Финал: последнее впечатление',
    legendKey: 'Ключевой момент истины',
    footer: 'Схема обслуживания · моменты истины',
    locallyAdjusted: 'установлено для точки',
    metrics: {
      nps: 'NPS',
      csat: 'CSAT',
      ces: 'Усилия клиента (CES)',
      wait_seconds: 'Время ожидания',
      handle_seconds: 'Время обслуживания',
      audit_compliance: 'Соответствие стандарту',
    },
    seconds: '{n} с',
    minutes: '{n} мин',
  },
  hu: {
    peak: 'Csúcs',
    end: 'Zárás',
    key: 'Kulcs',
    local: 'Helyi',
    customerNeeds: 'Az ügyfél igényei',
    actionGuide: 'Teendők',
    targets: 'Célértékek',
    responsible: 'Felelős: {role}',
    centralBlueprint: 'Központi terv',
    version: '{version}. verzió',
    printed: 'Nyomtatva: {date}',
    more: 'még {count}',
    legendPeak: 'Csúcs: amire az ügyfelek leginkább emlékeznek',
    legendEnd: 'Zárás: az utolsó benyomás',
    legendKey: 'Az igazság kulcspillanata',
    footer: 'Szolgáltatási terv · az igazság pillanatai',
    locallyAdjusted: 'helyben beállítva',
    metrics: {
      nps: 'NPS',
      csat: 'CSAT',
      ces: 'Ügyfél-erőfeszítés (CES)',
      wait_seconds: 'Várakozási idő',
      handle_seconds: 'Ügyintézési idő',
      audit_compliance: 'Auditmegfelelés',
    },
    seconds: '{n} mp',
    minutes: '{n} perc',
  },
};

const COMPARATOR_SIGNS: Record<Comparator, string> = { gte: '≥', lte: '≤', gt: '>', lt: '<', eq: '=' };

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** "≤ 5 min", "≥ 90%", "≥ 40": how a target reads on the poster. */
export function formatTarget(metric: Metric, comparator: Comparator, value: number, locale: Locale): string {
  const texts = POSTER_TEXTS[locale];
  const number = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n);
  let shown: string;
  if (metric === 'wait_seconds' || metric === 'handle_seconds') {
    shown = value >= 60 && value % 60 === 0 ? fill(texts.minutes, { n: number(value / 60) }) : fill(texts.seconds, { n: number(value) });
  } else if (metric === 'csat' || metric === 'audit_compliance') {
    shown = `${number(value)}%`;
  } else {
    shown = number(value);
  }
  return `${COMPARATOR_SIGNS[comparator]} ${shown}`;
}
