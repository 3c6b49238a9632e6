import type { Locale } from '../platform/locales.ts';
import type { CompensationKind, FollowUpChannel, GatherQuestion, StepKey } from './model.ts';

/*
 * What each step of the complaint playbook shows the person handling it, in the five languages: the
 * step's goal, a suggested line for each part of the phrase pattern acknowledge → propose → ask
 * (DOMAIN.md "Serving in the moment"), and phrases never to use. Written for Keymoment from the facts
 * of seed 001 (the six steps, the question types, compensatory care, the phrases that inflame) and the
 * hotel seed's seven taboos; typed so that a missing translation is a compile error.
 */

export interface StepGuide {
  title: string;
  goal: string;
  phrases: { acknowledge: string; propose: string; ask: string };
  neverSay: string[];
}

export interface PlaybookTexts {
  steps: Record<StepKey, StepGuide>;
  /** Step 3's checklist: what each kind of question is for, with an example. */
  questions: Record<GatherQuestion, { label: string; example: string }>;
  compensation: Record<CompensationKind, string>;
  compensationNote: string;
  followUpChannels: Record<FollowUpChannel, string>;
  /** The seven service taboos: true in every step. */
  alwaysAvoid: string[];
}

export const PLAYBOOK_TEXTS: Record<Locale, PlaybookTexts> = {
  en: {
    steps: {
      vent: {
        title: 'Let the customer vent',
        goal: 'Let them say everything: listen without interrupting, write down their own words and acknowledge how they feel.',
        phrases: {
          acknowledge: 'I can hear how frustrating this has been for you.',
          propose: 'Please tell me everything from the beginning; I am writing it down so nothing gets lost.',
          ask: 'What bothered you most about it?',
        },
        neverSay: ['Calm down.', 'Don’t get so worked up.', 'You probably don’t quite understand.', 'Actually, you should have…', 'We never… / That never happens here.', 'You must be mistaken.', 'That’s impossible.'],
      },
      apologise: {
        title: 'Apologise sincerely',
        goal: 'Say sorry warmly, whoever caused the problem (an apology is not an admission of fault), and say that you want to help.',
        phrases: {
          acknowledge: 'I am sorry this happened to you, and thank you for telling us.',
          propose: 'I will look after this personally until it is put right.',
          ask: 'May I ask you a few questions so I can help you properly?',
        },
        neverSay: ['It’s not my fault.', 'That’s not my department.', 'That’s the policy, there’s nothing I can do.', 'You should have read the terms.'],
      },
      gather: {
        title: 'Gather the information',
        goal: 'Ask one question at a time (who, what happened, the details), repeat back what you understood, and finish by asking what else you can do.',
        phrases: {
          acknowledge: 'Thank you, that helps me understand what happened.',
          propose: 'Let me check I have it right: … Is that correct?',
          ask: 'Is there anything else I can do for you?',
        },
        neverSay: ['Why didn’t you say so earlier?', 'Why on earth did you do that?', 'That’s not important.'],
      },
      propose: {
        title: 'Take responsibility and propose a solution',
        goal: 'Own the problem, offer one or two concrete options and set honest expectations. Compensation comforts the customer but never replaces the fix.',
        phrases: {
          acknowledge: 'I fully understand why this matters to you.',
          propose: 'My suggestion is …, so that …. What do you think?',
          ask: 'What would you like us to do so that this is put right for you?',
        },
        neverSay: ['There’s nothing we can do.', 'Take it or leave it.', 'That’s the best I can do, full stop.', 'You’ll have to call head office yourself.'],
      },
      agree: {
        title: 'Let the customer choose',
        goal: 'Let the customer take part in choosing the solution; record their choice in their words and confirm what happens next, and when.',
        phrases: {
          acknowledge: 'Thank you for working this out with me.',
          propose: 'So we agree that … by …. Is that right?',
          ask: 'Which of these options suits you best?',
        },
        neverSay: ['I’ve already decided what we’ll do.', 'You don’t really have a choice.', 'Just sign here.'],
      },
      follow_up: {
        title: 'Follow up',
        goal: 'On the agreed date, call or write: did the solution work, is anything else wrong? If the customer is still unhappy, keep looking for a better solution.',
        phrases: {
          acknowledge: 'We spoke recently about your complaint, and I want to make sure it has been put right.',
          propose: 'If anything is still not right, I will take care of it straight away.',
          ask: 'Did our solution work for you? Is there anything else we can do?',
        },
        neverSay: ['Your case is closed, there is nothing more to discuss.', 'That’s a different issue, file a new complaint.', 'We have already compensated you.'],
      },
    },
    questions: {
      identity: { label: 'Identity', example: 'May I have your name and a phone number to reach you?' },
      descriptive: { label: 'Descriptive', example: 'Could you describe what happened, step by step?' },
      clarifying: { label: 'Clarifying', example: 'Just to be sure: did this happen at the counter or on the phone?' },
      outcome: { label: 'Outcome', example: 'It looks like we need to …; would that be all right with you?' },
      anything_else: { label: 'Anything else', example: 'Is there anything else I can do for you?' },
    },
    compensation: {
      discount: 'Discount',
      gift: 'Gift',
      free_service: 'Free service',
      absorbed_cost: 'We absorb the extra cost',
      personal_apology: 'Personal apology and care',
    },
    compensationNote: 'Compensation comforts the customer; it never replaces fixing the problem.',
    followUpChannels: { phone: 'Phone', email: 'E-mail', letter: 'Letter' },
    alwaysAvoid: [
      'Leaving the customer waiting for an answer',
      'Arguing with the customer',
      'Looking sloppy or unprofessional',
      'Giving conflicting or wrong information',
      'Arguing with a colleague in front of the customer',
      'Treating the customer’s need as trivial',
      'Passing the buck',
    ],
  },
  'zh-CN': {
    steps: {
      vent: {
        title: '让客户宣泄',
        goal: '让客户把话说完：认真倾听、不打断，记下客户的原话，认同对方的感受。',
        phrases: {
          acknowledge: '我能理解这件事让您非常着急。',
          propose: '请您从头跟我说一说，我一边听一边记下来，保证一点不漏。',
          ask: '这件事里最让您不满意的是哪一点？',
        },
        neverSay: ['您先冷静一下', '您先别激动', '您可能还没弄明白', '其实您应该……', '我们从来不会……', '肯定是您弄错了', '这不可能'],
      },
      apologise: {
        title: '真诚道歉，表达服务意愿',
        goal: '无论问题是谁造成的，都先诚恳地说声对不起（道歉不等于认错），并明确表示愿意帮忙。',
        phrases: {
          acknowledge: '非常抱歉给您带来了这样的经历，谢谢您告诉我们。',
          propose: '这件事由我负责跟进，直到为您解决为止。',
          ask: '我可以问您几个问题，好更准确地帮您处理吗？',
        },
        neverSay: ['这不是我的错', '这不归我们部门管', '公司规定就是这样，我也没办法', '您当时应该先看清楚条款'],
      },
      gather: {
        title: '收集信息，了解问题',
        goal: '一次只问一个问题（身份、经过、细节），复述确认彼此的理解，最后问还有什么可以帮忙。',
        phrases: {
          acknowledge: '谢谢您，这样我就清楚发生了什么。',
          propose: '我确认一下我的理解：……，对吗？',
          ask: '还有什么其他我可以帮到您的吗？',
        },
        neverSay: ['您怎么不早说', '您为什么要那样做？', '这个不重要'],
      },
      propose: {
        title: '承担责任，提出解决方案',
        goal: '把问题揽下来，给出一两个具体的选择并管理好客户预期。补偿性关照是情感上的安抚，不能代替把问题真正解决。',
        phrases: {
          acknowledge: '我非常理解这件事对您有多重要。',
          propose: '我的建议是……，这样我们就能……，您看怎么样？',
          ask: '您希望我们怎么做，才能让您满意？',
        },
        neverSay: ['这个我们也没办法', '要不要随便您', '我最多只能这样了', '您自己去找总部吧'],
      },
      agree: {
        title: '让客户参与解决方案',
        goal: '让客户一起选择解决办法，用客户的话记下他的选择，并确认接下来做什么、什么时候完成。',
        phrases: {
          acknowledge: '谢谢您和我一起商量。',
          propose: '那我们说定：……，在……之前完成，对吗？',
          ask: '这几个方案里，您觉得哪一个最合适？',
        },
        neverSay: ['我已经决定好怎么处理了', '您也没有别的选择', '您在这儿签个字就行'],
      },
      follow_up: {
        title: '跟进回访',
        goal: '在约定的日期通过电话或邮件回访：方案有没有用？还有没有别的问题？如果客户仍不满意，继续寻找更可行的办法。',
        phrases: {
          acknowledge: '前几天我们沟通过您反映的问题，我想确认一下是不是已经解决了。',
          propose: '如果还有哪里不满意，我马上为您处理。',
          ask: '我们的解决办法对您有帮助吗？还有什么需要我们做的吗？',
        },
        neverSay: ['您的事情已经结案了，没什么好说的', '这是另一个问题，请重新投诉', '我们已经补偿过您了'],
      },
    },
    questions: {
      identity: { label: '身份问题', example: '请问您贵姓？方便留一个联系电话吗？' },
      descriptive: { label: '描述性问题', example: '能请您按顺序说一下当时发生了什么吗？' },
      clarifying: { label: '澄清性问题', example: '我再确认一下：这是在柜台办理时发生的，还是在电话里？' },
      outcome: { label: '结果问题', example: '看来需要……，您看这样可以吗？' },
      anything_else: { label: '其他要求', example: '还有什么其他我可以帮到您的吗？' },
    },
    compensation: {
      discount: '折扣',
      gift: '赠品',
      free_service: '免费服务',
      absorbed_cost: '公司承担额外费用',
      personal_apology: '个人致歉与关怀',
    },
    compensationNote: '补偿性关照是情感上的弥补和安抚，不能代替解决问题本身。',
    followUpChannels: { phone: '电话', email: '电子邮件', letter: '信函' },
    alwaysAvoid: ['让客户等待回音', '与客户争吵', '形象邋遢、不专业', '给出矛盾或错误的信息', '当着客户的面与同事争执', '认为客户的需求无关紧要', '推卸责任'],
  },
  'zh-TW': {
    steps: {
      vent: {
        title: '讓客戶宣洩',
        goal: '讓客戶把話說完：認真傾聽、不打斷，記下客戶的原話，認同對方的感受。',
        phrases: {
          acknowledge: '我能理解這件事讓您非常著急。',
          propose: '請您從頭跟我說一說，我一邊聽一邊記下來，保證一點不漏。',
          ask: '這件事裡最讓您不滿意的是哪一點？',
        },
        neverSay: ['您先冷靜一下', '您先別激動', '您可能還沒弄明白', '其實您應該……', '我們從來不會……', '一定是您弄錯了', '這不可能'],
      },
      apologise: {
        title: '真誠道歉，表達服務意願',
        goal: '無論問題是誰造成的，都先誠懇地說聲對不起（道歉不等於認錯），並明確表示願意幫忙。',
        phrases: {
          acknowledge: '非常抱歉讓您有這樣的經歷，謝謝您告訴我們。',
          propose: '這件事由我負責跟進，直到為您解決為止。',
          ask: '我可以問您幾個問題，好更準確地幫您處理嗎？',
        },
        neverSay: ['這不是我的錯', '這不歸我們部門管', '公司規定就是這樣，我也沒辦法', '您當時應該先看清楚條款'],
      },
      gather: {
        title: '收集資訊，了解問題',
        goal: '一次只問一個問題（身分、經過、細節），複述確認彼此的理解，最後問還有什麼可以幫忙。',
        phrases: {
          acknowledge: '謝謝您，這樣我就清楚發生了什麼。',
          propose: '我確認一下我的理解：……，對嗎？',
          ask: '還有什麼其他我可以幫到您的嗎？',
        },
        neverSay: ['您怎麼不早說', '您為什麼要那樣做？', '這個不重要'],
      },
      propose: {
        title: '承擔責任，提出解決方案',
        goal: '把問題攬下來，提出一兩個具體的選擇並管理好客戶的期望。補償性關照是情感上的安撫，不能取代把問題真正解決。',
        phrases: {
          acknowledge: '我非常理解這件事對您有多重要。',
          propose: '我的建議是……，這樣我們就能……，您覺得如何？',
          ask: '您希望我們怎麼做，才能讓您滿意？',
        },
        neverSay: ['這個我們也沒辦法', '要不要隨便您', '我最多只能這樣了', '您自己去找總公司吧'],
      },
      agree: {
        title: '讓客戶參與解決方案',
        goal: '讓客戶一起選擇解決辦法，用客戶的話記下他的選擇，並確認接下來做什麼、什麼時候完成。',
        phrases: {
          acknowledge: '謝謝您和我一起商量。',
          propose: '那我們說定：……，在……之前完成，對嗎？',
          ask: '這幾個方案裡，您覺得哪一個最合適？',
        },
        neverSay: ['我已經決定好怎麼處理了', '您也沒有別的選擇', '您在這裡簽個名就好'],
      },
      follow_up: {
        title: '追蹤回訪',
        goal: '在約定的日期透過電話或電子郵件回訪：方案有沒有用？還有沒有別的問題？如果客戶仍不滿意，繼續尋找更可行的辦法。',
        phrases: {
          acknowledge: '前幾天我們討論過您反映的問題，我想確認一下是不是已經解決了。',
          propose: '如果還有哪裡不滿意，我馬上為您處理。',
          ask: '我們的解決辦法對您有幫助嗎？還有什麼需要我們做的嗎？',
        },
        neverSay: ['您的案子已經結案了，沒什麼好說的', '這是另一個問題，請重新投訴', '我們已經補償過您了'],
      },
    },
    questions: {
      identity: { label: '身分問題', example: '請問您貴姓？方便留一個聯絡電話嗎？' },
      descriptive: { label: '描述性問題', example: '能請您依序說一下當時發生了什麼嗎？' },
      clarifying: { label: '澄清性問題', example: '我再確認一下：這是在櫃檯辦理時發生的，還是在電話裡？' },
      outcome: { label: '結果問題', example: '看來需要……，您看這樣可以嗎？' },
      anything_else: { label: '其他需求', example: '還有什麼其他我可以幫到您的嗎？' },
    },
    compensation: {
      discount: '折扣',
      gift: '贈品',
      free_service: '免費服務',
      absorbed_cost: '公司吸收額外費用',
      personal_apology: '個人致歉與關懷',
    },
    compensationNote: '補償性關照是情感上的彌補與安撫，不能取代解決問題本身。',
    followUpChannels: { phone: '電話', email: '電子郵件', letter: '信函' },
    alwaysAvoid: ['讓客戶等待回音', '與客戶爭吵', '形象邋遢、不專業', '提供矛盾或錯誤的資訊', '當著客戶的面與同事爭執', '認為客戶的需求無關緊要', '推卸責任'],
  },
  ru: {
    steps: {
      vent: {
        title: 'Дайте клиенту высказаться',
        goal: 'Дайте клиенту договорить: слушайте, не перебивая, запишите его собственные слова и признайте его чувства.',
        phrases: {
          acknowledge: 'Я понимаю, как сильно вас это расстроило.',
          propose: 'Расскажите, пожалуйста, всё с самого начала — я записываю, чтобы ничего не упустить.',
          ask: 'Что в этой ситуации задело вас больше всего?',
        },
        neverSay: ['Успокойтесь.', 'Не надо так волноваться.', 'Вы, наверное, не совсем поняли.', 'Вообще-то вам следовало…', 'У нас такого никогда не бывает.', 'Вы наверняка ошиблись.', 'Это невозможно.'],
      },
      apologise: {
        title: 'Искренне извинитесь',
        goal: 'Извинитесь тепло и искренне, кто бы ни был виноват (извинение — не признание вины), и скажите, что готовы помочь.',
        phrases: {
          acknowledge: 'Мне очень жаль, что так получилось, и спасибо, что рассказали нам.',
          propose: 'Я лично займусь вашим вопросом и доведу его до решения.',
          ask: 'Можно задать вам несколько вопросов, чтобы помочь как следует?',
        },
        neverSay: ['Это не моя вина.', 'Это не наш отдел.', 'Таковы правила, я ничего не могу сделать.', 'Надо было читать условия.'],
      },
      gather: {
        title: 'Соберите информацию',
        goal: 'Задавайте по одному вопросу (кто, что случилось, подробности), перескажите, как вы поняли, и в конце спросите, чем ещё помочь.',
        phrases: {
          acknowledge: 'Спасибо, теперь мне понятнее, что произошло.',
          propose: 'Позвольте уточнить, правильно ли я понимаю: … Верно?',
          ask: 'Чем ещё я могу вам помочь?',
        },
        neverSay: ['Надо было сказать раньше.', 'Зачем вы вообще так сделали?', 'Это неважно.'],
      },
      propose: {
        title: 'Возьмите ответственность и предложите решение',
        goal: 'Примите проблему на себя, предложите один-два конкретных варианта и честно обозначьте сроки. Компенсация утешает клиента, но не заменяет исправления.',
        phrases: {
          acknowledge: 'Я полностью понимаю, почему это для вас важно.',
          propose: 'Я предлагаю …, тогда мы сможем …. Что вы об этом думаете?',
          ask: 'Что нам сделать, чтобы вы остались довольны?',
        },
        neverSay: ['Мы ничего не можем сделать.', 'Не хотите — как хотите.', 'Больше я ничего сделать не могу, и точка.', 'Звоните сами в головной офис.'],
      },
      agree: {
        title: 'Дайте клиенту выбрать',
        goal: 'Пусть клиент участвует в выборе решения; запишите его выбор его словами и подтвердите, что и когда будет сделано.',
        phrases: {
          acknowledge: 'Спасибо, что решаете это вместе со мной.',
          propose: 'Итак, договорились: … до …. Верно?',
          ask: 'Какой из вариантов вам больше подходит?',
        },
        neverSay: ['Я уже решил(а), как мы поступим.', 'Выбора у вас, по сути, нет.', 'Просто распишитесь здесь.'],
      },
      follow_up: {
        title: 'Свяжитесь с клиентом повторно',
        goal: 'В согласованный день позвоните или напишите: помогло ли решение, нет ли других проблем? Если клиент всё ещё недоволен, ищите лучшее решение.',
        phrases: {
          acknowledge: 'Недавно мы говорили о вашей жалобе, и я хочу убедиться, что всё исправлено.',
          propose: 'Если что-то всё ещё не так, я сразу этим займусь.',
          ask: 'Помогло ли вам наше решение? Можем ли мы сделать что-то ещё?',
        },
        neverSay: ['Ваше обращение закрыто, обсуждать нечего.', 'Это другой вопрос, подайте новую жалобу.', 'Мы вам уже всё компенсировали.'],
      },
    },
    questions: {
      identity: { label: 'Кто клиент', example: 'Подскажите, пожалуйста, ваше имя и телефон для связи.' },
      descriptive: { label: 'Описательный вопрос', example: 'Расскажите, пожалуйста, по порядку, что произошло?' },
      clarifying: { label: 'Уточняющий вопрос', example: 'Уточню: это случилось у стойки или по телефону?' },
      outcome: { label: 'Вопрос о результате', example: 'Похоже, нужно будет …. Вас это устроит?' },
      anything_else: { label: 'Что-нибудь ещё', example: 'Могу ли я помочь вам чем-то ещё?' },
    },
    compensation: {
      discount: 'Скидка',
      gift: 'Подарок',
      free_service: 'Бесплатная услуга',
      absorbed_cost: 'Дополнительные расходы за наш счёт',
      personal_apology: 'Личное извинение и внимание',
    },
    compensationNote: 'Компенсация смягчает неприятный опыт, но не заменяет решения самой проблемы.',
    followUpChannels: { phone: 'Телефон', email: 'Электронная почта', letter: 'Письмо' },
    alwaysAvoid: [
      'Заставлять клиента ждать ответа',
      'Спорить с клиентом',
      'Выглядеть неопрятно или непрофессионально',
      'Давать противоречивую или неверную информацию',
      'Спорить с коллегой при клиенте',
      'Считать потребность клиента пустяком',
      'Перекладывать ответственность',
    ],
  },
  hu: {
    steps: {
      vent: {
        title: 'Hagyja, hogy az ügyfél elmondja',
        goal: 'Hagyja végigbeszélni: figyeljen, ne vágjon közbe, jegyezze le a saját szavait, és ismerje el az érzéseit.',
        phrases: {
          acknowledge: 'Értem, mennyire bosszantó ez Önnek.',
          propose: 'Kérem, mondja el az elejétől; közben jegyzetelek, hogy semmi ne vesszen el.',
          ask: 'Mi zavarta ebben a legjobban?',
        },
        neverSay: ['Nyugodjon meg!', 'Ne izgassa fel magát!', 'Biztosan nem egészen értette.', 'Igazából Önnek kellett volna…', 'Nálunk ilyen soha nem fordul elő.', 'Biztosan Ön tévedett.', 'Ez lehetetlen.'],
      },
      apologise: {
        title: 'Kérjen őszintén bocsánatot',
        goal: 'Kérjen melegen bocsánatot, bárki okozta is a hibát (a bocsánatkérés nem beismerés), és mondja ki, hogy segíteni szeretne.',
        phrases: {
          acknowledge: 'Sajnálom, hogy ez történt, és köszönöm, hogy jelezte nekünk.',
          propose: 'Személyesen foglalkozom az ügyével, amíg meg nem oldódik.',
          ask: 'Feltehetek néhány kérdést, hogy valóban segíteni tudjak?',
        },
        neverSay: ['Nem én tehetek róla.', 'Ez nem a mi osztályunk.', 'Ez a szabály, nem tehetek semmit.', 'El kellett volna olvasnia a feltételeket.'],
      },
      gather: {
        title: 'Gyűjtsön információt',
        goal: 'Egyszerre egy kérdést tegyen fel (ki, mi történt, részletek), foglalja össze, amit megértett, és végül kérdezze meg, miben segíthet még.',
        phrases: {
          acknowledge: 'Köszönöm, így már értem, mi történt.',
          propose: 'Hadd ellenőrizzem, jól értem-e: … Így van?',
          ask: 'Miben segíthetek még?',
        },
        neverSay: ['Ezt korábban kellett volna szólnia.', 'Miért csinálta így?', 'Ez nem fontos.'],
      },
      propose: {
        title: 'Vállalja a felelősséget, és javasoljon megoldást',
        goal: 'Vállalja magára a problémát, adjon egy-két konkrét lehetőséget, és mondjon reális határidőt. A kárpótlás vigasz, de nem helyettesíti a hiba kijavítását.',
        phrases: {
          acknowledge: 'Teljesen megértem, miért fontos ez Önnek.',
          propose: 'Azt javaslom, hogy …, így …. Mit szól hozzá?',
          ask: 'Mit tehetnénk, hogy Ön elégedett legyen?',
        },
        neverSay: ['Ezzel nem tudunk mit kezdeni.', 'Vagy elfogadja, vagy nem.', 'Ennél többet nem tehetek, pont.', 'Hívja fel saját maga a központot.'],
      },
      agree: {
        title: 'Vonja be az ügyfelet a döntésbe',
        goal: 'Az ügyfél maga is válasszon a megoldások közül; rögzítse a választását a saját szavaival, és erősítse meg, mi történik és mikor.',
        phrases: {
          acknowledge: 'Köszönöm, hogy együtt keressük a megoldást.',
          propose: 'Akkor megállapodtunk: … legkésőbb …. Jól értem?',
          ask: 'Melyik lehetőség felel meg Önnek a legjobban?',
        },
        neverSay: ['Már eldöntöttem, mit csinálunk.', 'Igazából nincs más választása.', 'Csak írja alá itt.'],
      },
      follow_up: {
        title: 'Kövesse nyomon',
        goal: 'A megbeszélt napon hívja fel vagy írjon: bevált-e a megoldás, van-e más gond? Ha az ügyfél még mindig elégedetlen, keressen jobb megoldást.',
        phrases: {
          acknowledge: 'Nemrég beszéltünk a panaszáról, és szeretnék megbizonyosodni róla, hogy minden rendben van.',
          propose: 'Ha valami még mindig nem jó, azonnal intézem.',
          ask: 'Bevált a megoldásunk? Tehetünk még valamit Önért?',
        },
        neverSay: ['Az ügyét lezártuk, nincs miről beszélni.', 'Ez egy másik ügy, tegyen új panaszt.', 'Már kárpótoltuk.'],
      },
    },
    questions: {
      identity: { label: 'Azonosító kérdés', example: 'Megadná a nevét és egy telefonszámot, amelyen elérhetjük?' },
      descriptive: { label: 'Leíró kérdés', example: 'Elmondaná sorban, mi történt?' },
      clarifying: { label: 'Pontosító kérdés', example: 'Csak hogy biztos legyek: ez a pultnál vagy telefonon történt?' },
      outcome: { label: 'Eredményre vonatkozó kérdés', example: 'Úgy tűnik, … lesz szükséges. Megfelel ez Önnek?' },
      anything_else: { label: 'Egyéb kérés', example: 'Van még valami, amiben segíthetek?' },
    },
    compensation: {
      discount: 'Kedvezmény',
      gift: 'Ajándék',
      free_service: 'Ingyenes szolgáltatás',
      absorbed_cost: 'A többletköltséget mi álljuk',
      personal_apology: 'Személyes bocsánatkérés és figyelem',
    },
    compensationNote: 'A kárpótlás vigasztal, de soha nem helyettesíti a probléma megoldását.',
    followUpChannels: { phone: 'Telefon', email: 'E-mail', letter: 'Levél' },
    alwaysAvoid: [
      'Válasz nélkül várakoztatni az ügyfelet',
      'Vitatkozni az ügyféllel',
      'Ápolatlan, nem professzionális megjelenés',
      'Ellentmondó vagy hibás tájékoztatás',
      'Vita egy kollégával az ügyfél előtt',
      'Jelentéktelennek tekinteni az ügyfél igényét',
      'Másra hárítani a felelősséget',
    ],
  },
};
