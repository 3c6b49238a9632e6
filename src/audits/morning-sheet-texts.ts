import type { Locale } from '../platform/locales.ts';

/*
 * The words the morning-meeting sheet prints itself, in every language of the product. Placeholders
 * in braces are replaced with fillText().
 */

export interface MorningSheetTexts {
  title: string;
  /** `{from}`, `{to}`, `{previousFrom}`, `{previousTo}`, `{minN}`. */
  period: string;
  focusHeading: string;
  focusEmpty: string;
  reasons: {
    /** `{metric}`, `{score}`, `{target}`, `{n}`. */
    below_benchmark: string;
    /** `{metric}`, `{difference}`, `{previous}`, `{score}`. */
    declined: string;
    /** `{count}`. */
    open_actions: string;
    peak_moment: string;
    end_moment: string;
    key_moment: string;
    first_moment: string;
  };
  customerNeeds: string;
  actionGuide: string;
  /** `{role}`. */
  responsible: string;
  scoresHeading: string;
  moment: string;
  target: string;
  change: string;
  noScores: string;
  /** `{minN}`: a score needs this many answers. */
  scoresNote: string;
  /** The legend of the marks after moment names in the score table. */
  marks: string;
  correctiveHeading: string;
  improvementHeading: string;
  casesHeading: string;
  /** `{count}`. */
  casesSummary: string;
  /** `{count}`. */
  casesBreached: string;
  overdue: string;
  /** `{date}`. */
  due: string;
  /** `{date}`. */
  pastDeadline: string;
  noDeadline: string;
  noOwner: string;
  none: string;
  /** `{count}`. */
  more: string;
  /** `{date}`. */
  printed: string;
  improvementStatuses: Record<'plan' | 'do' | 'check' | 'act', string>;
  caseReasons: Record<'detractor' | 'low_csat' | 'negative_sentiment' | 'failed_audit_item' | 'complaint', string>;
}

export const MORNING_SHEET_TEXTS: Record<Locale, MorningSheetTexts> = {
  en: {
    title: 'Morning meeting',
    period: 'Last week {from} – {to}, compared with {previousFrom} – {previousTo}',
    focusHeading: 'Focus today',
    focusEmpty: 'No moments to drill: no published journey has moments yet.',
    reasons: {
      below_benchmark: 'In focus: {metric} {score} against a target of {target} ({n} answers)',
      declined: 'In focus: {metric} fell from {previous} to {score} against the week before (significant)',
      open_actions: 'In focus: open corrective actions from audits: {count}',
      peak_moment: 'In focus: a peak moment customers remember (too few answers last week to rank)',
      end_moment: 'In focus: the last impression of the visit (too few answers last week to rank)',
      key_moment: 'In focus: a key moment of truth (too few answers last week to rank)',
      first_moment: 'In focus: the first moment of the journey (too few answers last week to rank)',
    },
    customerNeeds: 'Customers need',
    actionGuide: 'Action guide',
    responsible: 'Responsible: {role}',
    scoresHeading: 'Last week’s scores',
    moment: 'Moment',
    target: 'Target',
    change: 'vs week before',
    noScores: 'No answers last week or the week before.',
    scoresNote: 'A score needs at least {minN} answers; a change is shown only when it is significant (95%).',
    marks: '★ peak moment · ◆ end of the visit',
    correctiveHeading: 'Open corrective actions',
    improvementHeading: 'Improvement actions under way',
    casesHeading: 'Open recovery cases',
    casesSummary: '{count} open',
    casesBreached: '{count} past a deadline',
    overdue: 'OVERDUE',
    due: 'due {date}',
    pastDeadline: 'deadline passed {date}',
    noDeadline: 'no deadline',
    noOwner: 'no owner',
    none: 'None.',
    more: '+{count} more',
    printed: 'Printed {date} · Keymoment',
    improvementStatuses: { plan: 'Plan', do: 'Do', check: 'Check', act: 'Act' },
    caseReasons: { detractor: 'Detractor', low_csat: 'Low satisfaction', negative_sentiment: 'Negative comment', failed_audit_item: 'Failed audit item', complaint: 'Complaint' },
  },
  'zh-CN': {
    title: '晨会简报',
    period: '上周 {from} – {to}，对比 {previousFrom} – {previousTo}',
    focusHeading: '今日重点',
    focusEmpty: '暂无可演练的触点：已发布的旅程中还没有触点。',
    reasons: {
      below_benchmark: '重点原因：{metric} {score}，目标 {target}（{n} 份答卷）',
      declined: '重点原因：{metric} 较前一周从 {previous} 降至 {score}（差异显著）',
      open_actions: '重点原因：稽核发现 {count} 项未完成的整改措施',
      peak_moment: '重点原因：客户记忆最深的峰值触点（上周答卷太少，无法排序）',
      end_moment: '重点原因：到访的最后印象（上周答卷太少，无法排序）',
      key_moment: '重点原因：关键服务触点（上周答卷太少，无法排序）',
      first_moment: '重点原因：旅程的第一个触点（上周答卷太少，无法排序）',
    },
    customerNeeds: '客户需求',
    actionGuide: '行动指引',
    responsible: '责任岗位：{role}',
    scoresHeading: '上周得分',
    moment: '触点',
    target: '目标',
    change: '较前一周',
    noScores: '上周及前一周均无答卷。',
    scoresNote: '至少 {minN} 份答卷才计算得分；仅在差异显著（95%）时显示变化。',
    marks: '★ 峰值触点 · ◆ 终点触点',
    correctiveHeading: '未完成的整改措施',
    improvementHeading: '进行中的改进行动',
    casesHeading: '未结的服务补救工单',
    casesSummary: '未结 {count} 单',
    casesBreached: '{count} 单已超时',
    overdue: '已逾期',
    due: '{date} 到期',
    pastDeadline: '已于 {date} 超时',
    noDeadline: '无时限',
    noOwner: '未指派',
    none: '无。',
    more: '另有 {count} 项',
    printed: '打印于 {date} · Keymoment',
    improvementStatuses: { plan: '计划', do: '执行', check: '检查', act: '处理' },
    caseReasons: { detractor: '贬损者', low_csat: '满意度低', negative_sentiment: '负面评论', failed_audit_item: '稽核不合格项', complaint: '投诉' },
  },
  'zh-TW': {
    title: '晨會簡報',
    period: '上週 {from} – {to}，對比 {previousFrom} – {previousTo}',
    focusHeading: '今日重點',
    focusEmpty: '暫無可演練的接觸點：已發布的旅程中還沒有接觸點。',
    reasons: {
      below_benchmark: '重點原因：{metric} {score}，目標 {target}（{n} 份答卷）',
      declined: '重點原因：{metric} 較前一週從 {previous} 降至 {score}（差異顯著）',
      open_actions: '重點原因：稽核發現 {count} 項未完成的改善措施',
      peak_moment: '重點原因：顧客記憶最深的峰值接觸點（上週答卷太少，無法排序）',
      end_moment: '重點原因：來訪的最後印象（上週答卷太少，無法排序）',
      key_moment: '重點原因：關鍵服務接觸點（上週答卷太少，無法排序）',
      first_moment: '重點原因：旅程的第一個接觸點（上週答卷太少，無法排序）',
    },
    customerNeeds: '顧客需求',
    actionGuide: '行動指引',
    responsible: '負責崗位：{role}',
    scoresHeading: '上週得分',
    moment: '接觸點',
    target: '目標',
    change: '較前一週',
    noScores: '上週及前一週均無答卷。',
    scoresNote: '至少 {minN} 份答卷才計算得分；僅在差異顯著（95%）時顯示變化。',
    marks: '★ 峰值接觸點 · ◆ 終點接觸點',
    correctiveHeading: '未完成的改善措施',
    improvementHeading: '進行中的改進行動',
    casesHeading: '未結的服務補救案件',
    casesSummary: '未結 {count} 件',
    casesBreached: '{count} 件已逾時',
    overdue: '已逾期',
    due: '{date} 到期',
    pastDeadline: '已於 {date} 逾時',
    noDeadline: '無時限',
    noOwner: '未指派',
    none: '無。',
    more: '另有 {count} 項',
    printed: '列印於 {date} · Keymoment',
    improvementStatuses: { plan: '計畫', do: '執行', check: '檢查', act: '處置' },
    caseReasons: { detractor: '貶損者', low_csat: '滿意度低', negative_sentiment: '負面評論', failed_audit_item: '稽核不合格項', complaint: '投訴' },
  },
  ru: {
    title: 'Утренняя планёрка',
    period: 'Прошлая неделя {from} – {to}, в сравнении с {previousFrom} – {previousTo}',
    focusHeading: 'Фокус на сегодня',
    focusEmpty: 'Отрабатывать нечего: в опубликованных путях пока нет моментов.',
    reasons: {
      below_benchmark: 'В фокусе: {metric} {score} при цели {target} (ответов: {n})',
      declined: 'В фокусе: {metric} упал с {previous} до {score} к прошлой неделе (значимо)',
      open_actions: 'В фокусе: открытые корректирующие действия по проверкам: {count}',
      peak_moment: 'В фокусе: пиковый момент, который клиенты запоминают (ответов за неделю слишком мало для сравнения)',
      end_moment: 'В фокусе: последнее впечатление от визита (ответов за неделю слишком мало для сравнения)',
      key_moment: 'В фокусе: ключевой момент истины (ответов за неделю слишком мало для сравнения)',
      first_moment: 'В фокусе: первый момент пути (ответов за неделю слишком мало для сравнения)',
    },
    customerNeeds: 'Клиенту важно',
    actionGuide: 'Порядок действий',
    responsible: 'Ответственный: {role}',
    scoresHeading: 'Оценки за прошлую неделю',
    moment: 'Момент',
    target: 'Цель',
    change: 'к пред. неделе',
    noScores: 'Ни на прошлой, ни на позапрошлой неделе ответов не было.',
    scoresNote: 'Оценка считается от {minN} ответов; изменение показано, только если оно значимо (95%).',
    marks: '★ пиковый момент · ◆ завершение визита',
    correctiveHeading: 'Открытые корректирующие действия',
    improvementHeading: 'Действия по улучшению в работе',
    casesHeading: 'Открытые обращения',
    casesSummary: 'открыто: {count}',
    casesBreached: 'просрочено: {count}',
    overdue: 'ПРОСРОЧЕНО',
    due: 'срок {date}',
    pastDeadline: 'срок истёк {date}',
    noDeadline: 'без срока',
    noOwner: 'без ответственного',
    none: 'Нет.',
    more: 'ещё {count}',
    printed: 'Напечатано {date} · Keymoment',
    improvementStatuses: { plan: 'План', do: 'Выполнение', check: 'Проверка', act: 'Закрепление' },
    caseReasons: { detractor: 'Критик', low_csat: 'Низкая удовлетворённость', negative_sentiment: 'Негативный отзыв', failed_audit_item: 'Пункт проверки не выполнен', complaint: 'Жалоба' },
  },
  hu: {
    title: 'Reggeli eligazítás',
    period: 'Múlt hét: {from} – {to}, összevetve: {previousFrom} – {previousTo}',
    focusHeading: 'Mai fókusz',
    focusEmpty: 'Nincs gyakorolható pillanat: a közzétett utakban még nincsenek pillanatok.',
    reasons: {
      below_benchmark: 'Fókuszban: {metric} {score}, a cél {target} ({n} válasz)',
      declined: 'Fókuszban: a(z) {metric} {previous} értékről {score} értékre esett az előző héthez képest (szignifikáns)',
      open_actions: 'Fókuszban: {count} nyitott helyesbítő intézkedés az ellenőrzésekből',
      peak_moment: 'Fókuszban: csúcspillanat, amelyre az ügyfelek emlékeznek (a múlt héten túl kevés válasz érkezett a rangsorhoz)',
      end_moment: 'Fókuszban: a látogatás utolsó benyomása (a múlt héten túl kevés válasz érkezett a rangsorhoz)',
      key_moment: 'Fókuszban: kulcsfontosságú igazság pillanata (a múlt héten túl kevés válasz érkezett a rangsorhoz)',
      first_moment: 'Fókuszban: az út első pillanata (a múlt héten túl kevés válasz érkezett a rangsorhoz)',
    },
    customerNeeds: 'Az ügyfél igénye',
    actionGuide: 'Cselekvési útmutató',
    responsible: 'Felelős: {role}',
    scoresHeading: 'A múlt heti eredmények',
    moment: 'Pillanat',
    target: 'Cél',
    change: 'előző héthez',
    noScores: 'Sem a múlt héten, sem az azelőtti héten nem érkezett válasz.',
    scoresNote: 'Eredmény legalább {minN} válaszból számít; változás csak szignifikáns (95%) eltérésnél látszik.',
    marks: '★ csúcspillanat · ◆ a látogatás vége',
    correctiveHeading: 'Nyitott helyesbítő intézkedések',
    improvementHeading: 'Folyamatban lévő fejlesztések',
    casesHeading: 'Nyitott panaszügyek',
    casesSummary: '{count} nyitott',
    casesBreached: '{count} határidőn túl',
    overdue: 'KÉSÉSBEN',
    due: 'határidő: {date}',
    pastDeadline: 'határidő lejárt: {date}',
    noDeadline: 'nincs határidő',
    noOwner: 'nincs felelős',
    none: 'Nincs.',
    more: '+{count} további',
    printed: 'Nyomtatva: {date} · Keymoment',
    improvementStatuses: { plan: 'Tervezés', do: 'Végrehajtás', check: 'Ellenőrzés', act: 'Beavatkozás' },
    caseReasons: { detractor: 'Kritikus', low_csat: 'Alacsony elégedettség', negative_sentiment: 'Negatív megjegyzés', failed_audit_item: 'Nem teljesült ellenőrzési pont', complaint: 'Panasz' },
  },
};

export function fillText(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
