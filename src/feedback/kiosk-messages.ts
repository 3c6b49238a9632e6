import type { Locale } from '../platform/locales.ts';

/** The kiosk page's own words, in the five languages (the survey's texts come from the survey). */
export interface KioskMessages {
  faces: [string, string, string, string, string];
  next: string;
  skip: string;
  send: string;
  yes: string;
  no: string;
  thankYou: string;
  thankYouBody: string;
  restart: string;
  offline: string;
  inactiveTitle: string;
  inactiveBody: string;
}

export const kioskMessages: Record<Locale, KioskMessages> = {
  en: {
    faces: ['Very dissatisfied', 'Dissatisfied', 'Neither satisfied nor dissatisfied', 'Satisfied', 'Very satisfied'],
    next: 'Next',
    skip: 'Skip',
    send: 'Send',
    yes: 'Yes',
    no: 'No',
    thankYou: 'Thank you!',
    thankYouBody: 'Your feedback helps us serve you better.',
    restart: 'Start again',
    offline: 'Offline: answers are kept on this device and sent later.',
    inactiveTitle: 'This device is not active',
    inactiveBody: 'Please ask a member of staff.',
  },
  'zh-CN': {
    faces: ['非常不满意', '不满意', '一般', '满意', '非常满意'],
    next: '下一步',
    skip: '跳过',
    send: '提交',
    yes: '是',
    no: '否',
    thankYou: '谢谢！',
    thankYouBody: '您的反馈帮助我们做得更好。',
    restart: '重新开始',
    offline: '离线：答案已保存在本设备上，稍后发送。',
    inactiveTitle: '本设备未启用',
    inactiveBody: '请联系工作人员。',
  },
  'zh-TW': {
    faces: ['非常不滿意', '不滿意', '普通', '滿意', '非常滿意'],
    next: '下一步',
    skip: '略過',
    send: '送出',
    yes: '是',
    no: '否',
    thankYou: '謝謝您！',
    thankYouBody: '您的意見幫助我們做得更好。',
    restart: '重新開始',
    offline: '離線：答案已保存在本裝置上，稍後送出。',
    inactiveTitle: '本裝置未啟用',
    inactiveBody: '請洽詢服務人員。',
  },
  ru: {
    faces: ['Совсем не доволен', 'Не доволен', 'Ни то ни другое', 'Доволен', 'Очень доволен'],
    next: 'Далее',
    skip: 'Пропустить',
    send: 'Отправить',
    yes: 'Да',
    no: 'Нет',
    thankYou: 'Спасибо!',
    thankYouBody: 'Ваш отзыв помогает нам работать лучше.',
    restart: 'Начать заново',
    offline: 'Нет связи: ответы сохранены на устройстве и будут отправлены позже.',
    inactiveTitle: 'Это устройство не активно',
    inactiveBody: 'Пожалуйста, обратитесь к сотруднику.',
  },
  hu: {
    faces: ['Nagyon elégedetlen', 'Elégedetlen', 'Semleges', 'Elégedett', 'Nagyon elégedett'],
    next: 'Tovább',
    skip: 'Kihagyom',
    send: 'Küldés',
    yes: 'Igen',
    no: 'Nem',
    thankYou: 'Köszönjük!',
    thankYouBody: 'Visszajelzése segít, hogy jobban kiszolgálhassuk.',
    restart: 'Újrakezdés',
    offline: 'Nincs kapcsolat: a válaszokat az eszköz megőrzi, és később elküldi.',
    inactiveTitle: 'Ez az eszköz nem aktív',
    inactiveBody: 'Kérjük, forduljon munkatársunkhoz.',
  },
};
