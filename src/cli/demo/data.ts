/*
 * The fixed material of the demo workspace (`keymoment demo`): a telecom operator's service halls in
 * three regions, the people at their counters, and customers' comments written for the demo in the
 * five languages Keymoment speaks. Everything random is decided by generator.ts from a seed; this file
 * only holds what a person wrote.
 */

export type DemoLocale = 'en' | 'zh-CN' | 'zh-TW' | 'ru' | 'hu';
export const DEMO_LOCALES: readonly DemoLocale[] = ['en', 'zh-CN', 'zh-TW', 'ru', 'hu'];

export interface DemoCity {
  code: string;
  name: string;
  timezone: string;
  /** The language most customers answer in; the rest is English and a little of the region's other one. */
  locale: DemoLocale;
  outlets: readonly string[];
}

export interface DemoRegion {
  code: string;
  name: string;
  cities: readonly DemoCity[];
}

/** 3 regions, 9 cities, 30 outlets. */
export const DEMO_REGIONS: readonly DemoRegion[] = [
  {
    code: 'AP',
    name: 'Asia Pacific',
    cities: [
      { code: 'SH', name: 'Shanghai', timezone: 'Asia/Shanghai', locale: 'zh-CN', outlets: ['Xujiahui Flagship Hall', 'Lujiazui Hall', 'Jing’an Temple Hall', 'Hongqiao Hub Hall'] },
      { code: 'BJ', name: 'Beijing', timezone: 'Asia/Shanghai', locale: 'zh-CN', outlets: ['Wangfujing Hall', 'Zhongguancun Hall', 'Guomao Hall'] },
      { code: 'TP', name: 'Taipei', timezone: 'Asia/Taipei', locale: 'zh-TW', outlets: ['Xinyi Hall', 'Zhongshan Hall', 'Banqiao Hall'] },
    ],
  },
  {
    code: 'CE',
    name: 'Central Europe',
    cities: [
      { code: 'BP', name: 'Budapest', timezone: 'Europe/Budapest', locale: 'hu', outlets: ['Váci utca Hall', 'Allee Hall', 'Westend Hall', 'Árkád Hall', 'Óbuda Hall'] },
      { code: 'DB', name: 'Debrecen', timezone: 'Europe/Budapest', locale: 'hu', outlets: ['Fórum Hall', 'Piac utca Hall'] },
      { code: 'SZ', name: 'Szeged', timezone: 'Europe/Budapest', locale: 'hu', outlets: ['Kárász utca Hall', 'Árkád Szeged Hall', 'Mars tér Hall'] },
    ],
  },
  {
    code: 'EE',
    name: 'Eastern Europe',
    cities: [
      { code: 'MS', name: 'Moscow', timezone: 'Europe/Moscow', locale: 'ru', outlets: ['Tverskaya Hall', 'Arbat Hall', 'Aviapark Hall', 'Mega Belaya Dacha Hall'] },
      { code: 'SP', name: 'Saint Petersburg', timezone: 'Europe/Moscow', locale: 'ru', outlets: ['Nevsky Hall', 'Galeria Hall', 'Vasilievsky Hall'] },
      { code: 'KZ', name: 'Kazan', timezone: 'Europe/Moscow', locale: 'ru', outlets: ['Bauman Street Hall', 'Kazan Mall Hall', 'Kremlyovskaya Hall'] },
    ],
  },
];

/** The second language heard in a region besides English (Taipei and Shanghai hear each other's script). */
export const SECOND_LOCALE: Record<DemoLocale, DemoLocale> = { 'zh-CN': 'zh-TW', 'zh-TW': 'zh-CN', hu: 'en', ru: 'en', en: 'en' };

/** The organisation's sign-in members that the demo creates (their passwords are random and never shown). */
export const DEMO_MANAGER_ROLE = 'outlet_manager';

/** What a comment talks about; matched to the moment the customer rates. */
export type CommentTopic = 'queue' | 'staff' | 'counter' | 'data' | 'phone' | 'general';

export interface DemoComment {
  topic: CommentTopic;
  /** positive: said with a high score; negative: with a low one. */
  tone: 'positive' | 'negative';
  text: string;
}

/** ~20 comments per language, half praise, half complaint, as customers write them (short, concrete). */
export const DEMO_COMMENTS: Record<DemoLocale, readonly DemoComment[]> = {
  en: [
    { topic: 'queue', tone: 'negative', text: 'Waited almost forty minutes with a ticket and only two counters were open.' },
    { topic: 'queue', tone: 'negative', text: 'The queue screen skipped my number twice. Nobody could explain why.' },
    { topic: 'queue', tone: 'positive', text: 'Got a ticket from the greeter and was called within five minutes.' },
    { topic: 'queue', tone: 'positive', text: 'Short wait, and the app told me exactly when to come in.' },
    { topic: 'staff', tone: 'positive', text: 'The young man at the entrance knew exactly where to send me. Very friendly.' },
    { topic: 'staff', tone: 'positive', text: 'Anna was patient with my mother and explained every line of the contract.' },
    { topic: 'staff', tone: 'negative', text: 'Staff were chatting with each other while people stood at the door.' },
    { topic: 'staff', tone: 'negative', text: 'I was treated as if my question was stupid.' },
    { topic: 'counter', tone: 'positive', text: 'My SIM swap was done in ten minutes and the number worked straight away.' },
    { topic: 'counter', tone: 'positive', text: 'They found the wrong charge on my bill and refunded it on the spot.' },
    { topic: 'counter', tone: 'negative', text: 'Came to cancel a roaming package and left with it still active.' },
    { topic: 'counter', tone: 'negative', text: 'The system was down, I was told to come back tomorrow.' },
    { topic: 'data', tone: 'positive', text: 'Trying the 5G demo phone convinced me, the speed is real.' },
    { topic: 'data', tone: 'negative', text: 'The demo tablet had no signal, so I still do not know what I am paying for.' },
    { topic: 'phone', tone: 'positive', text: 'Good advice on the phone, she did not push the most expensive model.' },
    { topic: 'phone', tone: 'negative', text: 'The phone I wanted was out of stock although the website said available.' },
    { topic: 'general', tone: 'positive', text: 'Clean, calm hall and everything sorted in one visit. Thank you!' },
    { topic: 'general', tone: 'positive', text: 'Much better than last year, you can see they have improved.' },
    { topic: 'general', tone: 'negative', text: 'Nobody called me back as promised.' },
    { topic: 'general', tone: 'negative', text: 'Three visits for one problem. Not acceptable.' },
  ],
  'zh-CN': [
    { topic: 'queue', tone: 'negative', text: '排队等了四十多分钟，只开了两个窗口。' },
    { topic: 'queue', tone: 'negative', text: '叫号系统跳过了我的号，问了也没人能解释。' },
    { topic: 'queue', tone: 'positive', text: '门口引导员帮我取号，五分钟就轮到我了。' },
    { topic: 'queue', tone: 'positive', text: '用App预约到厅，基本不用等，很方便。' },
    { topic: 'staff', tone: 'positive', text: '大堂经理很热情，一下子就告诉我该去哪个窗口。' },
    { topic: 'staff', tone: 'positive', text: '营业员很耐心，给我妈妈把套餐的每一项都讲清楚了。' },
    { topic: 'staff', tone: 'negative', text: '工作人员在聊天，客户站在门口没人理。' },
    { topic: 'staff', tone: 'negative', text: '态度很差，感觉问个问题都被嫌弃。' },
    { topic: 'counter', tone: 'positive', text: '补卡十分钟就办好了，出门就能用。' },
    { topic: 'counter', tone: 'positive', text: '帮我查出了账单里的错误扣费，当场退款，非常满意。' },
    { topic: 'counter', tone: 'negative', text: '来取消国际漫游包，结果走的时候还是没取消掉。' },
    { topic: 'counter', tone: 'negative', text: '系统故障办不了，让我明天再来一趟。' },
    { topic: 'data', tone: 'positive', text: '体验了5G演示机，网速确实快，当场就升级了套餐。' },
    { topic: 'data', tone: 'negative', text: '体验区的平板连不上网，根本体验不了。' },
    { topic: 'phone', tone: 'positive', text: '买手机的时候推荐得很实在，没有硬推最贵的。' },
    { topic: 'phone', tone: 'negative', text: '网上显示有货，到店却说想要的机型缺货。' },
    { topic: 'general', tone: 'positive', text: '营业厅干净整洁，一次就把事情办完了，谢谢！' },
    { topic: 'general', tone: 'positive', text: '比去年好多了，能看出服务在进步。' },
    { topic: 'general', tone: 'negative', text: '说好回电话的，一直没人联系我。' },
    { topic: 'general', tone: 'negative', text: '一个问题跑了三趟还没解决，太失望了。' },
  ],
  'zh-TW': [
    { topic: 'queue', tone: 'negative', text: '抽號碼牌等了快四十分鐘，只開兩個櫃檯。' },
    { topic: 'queue', tone: 'negative', text: '叫號螢幕跳過我的號碼兩次，問了也沒人說得清楚。' },
    { topic: 'queue', tone: 'positive', text: '門口的服務人員幫我抽號，五分鐘就叫到了。' },
    { topic: 'queue', tone: 'positive', text: '先用App預約再過來，幾乎不用等，很方便。' },
    { topic: 'staff', tone: 'positive', text: '引導人員很親切，馬上告訴我要去哪個櫃檯。' },
    { topic: 'staff', tone: 'positive', text: '服務人員很有耐心，把資費方案一項一項跟我媽媽解釋清楚。' },
    { topic: 'staff', tone: 'negative', text: '店員在聊天，客人站在門口都沒人理。' },
    { topic: 'staff', tone: 'negative', text: '態度很差，好像問問題是在找麻煩。' },
    { topic: 'counter', tone: 'positive', text: '換SIM卡十分鐘就好了，走出門就能打電話。' },
    { topic: 'counter', tone: 'positive', text: '幫我查出帳單多收的費用，當場退還，很滿意。' },
    { topic: 'counter', tone: 'negative', text: '來取消漫遊方案，結果離開時還是沒取消。' },
    { topic: 'counter', tone: 'negative', text: '系統當機辦不了，叫我明天再跑一趟。' },
    { topic: 'data', tone: 'positive', text: '試用了5G體驗機，速度真的很快，當場就升級了方案。' },
    { topic: 'data', tone: 'negative', text: '體驗區的平板完全連不上網，根本無法體驗。' },
    { topic: 'phone', tone: 'positive', text: '買手機時建議很中肯，沒有硬推最貴的機型。' },
    { topic: 'phone', tone: 'negative', text: '官網寫有貨，到門市卻說想要的手機缺貨。' },
    { topic: 'general', tone: 'positive', text: '門市乾淨舒適，一次就把事情辦好了，謝謝！' },
    { topic: 'general', tone: 'positive', text: '比去年進步很多，看得出來有用心改善。' },
    { topic: 'general', tone: 'negative', text: '說好會回電，結果一直沒人跟我聯絡。' },
    { topic: 'general', tone: 'negative', text: '同一個問題跑了三趟還沒解決，很失望。' },
  ],
  ru: [
    { topic: 'queue', tone: 'negative', text: 'Ждал почти сорок минут по талону, работали только два окна.' },
    { topic: 'queue', tone: 'negative', text: 'Электронная очередь дважды пропустила мой номер, никто не объяснил почему.' },
    { topic: 'queue', tone: 'positive', text: 'Консультант на входе выдал талон, вызвали через пять минут.' },
    { topic: 'queue', tone: 'positive', text: 'Записался через приложение и почти не ждал. Очень удобно.' },
    { topic: 'staff', tone: 'positive', text: 'Администратор на входе сразу подсказал, к какому окну подойти. Очень вежливо.' },
    { topic: 'staff', tone: 'positive', text: 'Сотрудница терпеливо объяснила маме каждый пункт договора.' },
    { topic: 'staff', tone: 'negative', text: 'Сотрудники болтали между собой, а люди стояли у входа.' },
    { topic: 'staff', tone: 'negative', text: 'Разговаривали так, будто я задал глупый вопрос.' },
    { topic: 'counter', tone: 'positive', text: 'Замену SIM-карты сделали за десять минут, номер сразу заработал.' },
    { topic: 'counter', tone: 'positive', text: 'Нашли ошибочное списание в счёте и сразу вернули деньги.' },
    { topic: 'counter', tone: 'negative', text: 'Пришёл отключить роуминг, а он так и остался подключённым.' },
    { topic: 'counter', tone: 'negative', text: 'Система не работала, сказали прийти завтра.' },
    { topic: 'data', tone: 'positive', text: 'Попробовал 5G на демо-телефоне, скорость действительно отличная.' },
    { topic: 'data', tone: 'negative', text: 'Демо-планшет не ловил сеть, так и не понял, за что плачу.' },
    { topic: 'phone', tone: 'positive', text: 'Хорошо посоветовали с выбором телефона, не навязывали самый дорогой.' },
    { topic: 'phone', tone: 'negative', text: 'На сайте телефон был в наличии, а в салоне его не оказалось.' },
    { topic: 'general', tone: 'positive', text: 'Чисто, спокойно, всё решили за один визит. Спасибо!' },
    { topic: 'general', tone: 'positive', text: 'Стало намного лучше, чем в прошлом году.' },
    { topic: 'general', tone: 'negative', text: 'Обещали перезвонить и не перезвонили.' },
    { topic: 'general', tone: 'negative', text: 'Три визита из-за одной проблемы. Это неприемлемо.' },
  ],
  hu: [
    { topic: 'queue', tone: 'negative', text: 'Majdnem negyven percet vártam sorszámmal, és csak két ablak volt nyitva.' },
    { topic: 'queue', tone: 'negative', text: 'A sorszámkijelző kétszer átugrotta a számomat, senki nem tudta megmondani, miért.' },
    { topic: 'queue', tone: 'positive', text: 'A bejáratnál kaptam sorszámot, öt percen belül szólítottak.' },
    { topic: 'queue', tone: 'positive', text: 'Az alkalmazásban foglaltam időpontot, szinte semmit nem kellett várni.' },
    { topic: 'staff', tone: 'positive', text: 'A bejáratnál álló kolléga azonnal tudta, hová menjek. Nagyon kedves volt.' },
    { topic: 'staff', tone: 'positive', text: 'Az ügyintéző türelmesen elmagyarázta anyukámnak a szerződés minden sorát.' },
    { topic: 'staff', tone: 'negative', text: 'A dolgozók egymással beszélgettek, miközben az emberek az ajtóban álltak.' },
    { topic: 'staff', tone: 'negative', text: 'Úgy bántak velem, mintha butaságot kérdeztem volna.' },
    { topic: 'counter', tone: 'positive', text: 'A SIM-kártya cseréje tíz perc alatt megvolt, a szám azonnal működött.' },
    { topic: 'counter', tone: 'positive', text: 'Megtalálták a hibás tételt a számlámon, és helyben visszatérítették.' },
    { topic: 'counter', tone: 'negative', text: 'A roamingcsomagot jöttem lemondani, és távozáskor még mindig aktív volt.' },
    { topic: 'counter', tone: 'negative', text: 'Nem működött a rendszer, azt mondták, jöjjek vissza holnap.' },
    { topic: 'data', tone: 'positive', text: 'Kipróbáltam az 5G-s bemutatótelefont, tényleg nagyon gyors.' },
    { topic: 'data', tone: 'negative', text: 'A bemutató tabletnek nem volt térereje, így nem tudom, miért fizetnék.' },
    { topic: 'phone', tone: 'positive', text: 'Jó tanácsot kaptam a telefonválasztáshoz, nem a legdrágábbat erőltették.' },
    { topic: 'phone', tone: 'negative', text: 'A honlap szerint raktáron volt a telefon, az üzletben mégsem volt.' },
    { topic: 'general', tone: 'positive', text: 'Tiszta, nyugodt iroda, egy látogatással mindent elintéztek. Köszönöm!' },
    { topic: 'general', tone: 'positive', text: 'Sokkal jobb, mint tavaly, látszik a fejlődés.' },
    { topic: 'general', tone: 'negative', text: 'Megígérték, hogy visszahívnak, de senki nem hívott.' },
    { topic: 'general', tone: 'negative', text: 'Három alkalommal jöttem be ugyanazzal a problémával. Elfogadhatatlan.' },
  ],
};

/** Which comments fit a moment of the telecom service-hall template. */
export const MOMENT_TOPICS: Record<string, CommentTopic> = {
  'find-outlet': 'general',
  greeting: 'staff',
  'queue-triage': 'queue',
  'counter-transaction': 'counter',
  'data-service-trial': 'data',
  'phone-purchase': 'phone',
  leave: 'general',
  'follow-up': 'general',
};

/** Survey texts in the five languages, with `{moment}` standing for the moment's name. */
export const SURVEY_TEXTS = {
  momentTitle: {
    en: 'How was this part of your visit?',
    'zh-CN': '您对本次到厅的这个环节满意吗？',
    'zh-TW': '您對這次到廳的這個環節滿意嗎？',
    ru: 'Как прошёл этот этап вашего визита?',
    hu: 'Milyen volt látogatásának ez a része?',
  },
  csat: {
    en: 'How satisfied were you?',
    'zh-CN': '您的满意程度如何？',
    'zh-TW': '您的滿意程度如何？',
    ru: 'Насколько вы довольны?',
    hu: 'Mennyire volt elégedett?',
  },
  ces: {
    en: 'How easy was it to get this done?',
    'zh-CN': '办理这件事有多容易？',
    'zh-TW': '辦理這件事有多容易？',
    ru: 'Насколько легко было это сделать?',
    hu: 'Mennyire volt könnyű elintézni?',
  },
  nps: {
    en: 'After this visit, how likely are you to recommend us to a friend?',
    'zh-CN': '经过这次到厅，您有多大可能向朋友推荐我们？',
    'zh-TW': '經過這次到廳，您有多大可能向朋友推薦我們？',
    ru: 'После этого визита насколько вероятно, что вы порекомендуете нас другу?',
    hu: 'E látogatás után mennyire valószínű, hogy ajánlana minket egy barátjának?',
  },
  relationshipTitle: {
    en: 'You and your mobile operator',
    'zh-CN': '您与我们',
    'zh-TW': '您與我們',
    ru: 'Вы и ваш оператор связи',
    hu: 'Ön és mobilszolgáltatója',
  },
  relationshipNps: {
    en: 'How likely are you to recommend us to a friend or colleague?',
    'zh-CN': '您有多大可能向朋友或同事推荐我们？',
    'zh-TW': '您有多大可能向朋友或同事推薦我們？',
    ru: 'Насколько вероятно, что вы порекомендуете нас другу или коллеге?',
    hu: 'Mennyire valószínű, hogy ajánlana minket egy barátjának vagy kollégájának?',
  },
  comment: {
    en: 'Anything you would like to tell us?',
    'zh-CN': '还有什么想告诉我们的吗？',
    'zh-TW': '還有什麼想告訴我們的嗎？',
    ru: 'Хотите что-нибудь добавить?',
    hu: 'Szeretne még valamit elmondani?',
  },
} as const;
