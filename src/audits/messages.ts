import type { Locale } from '../platform/locales.ts';
import type { AnswerProblem, EvidenceRule } from './model.ts';

/* Every string of the mystery-shopper page and of its API's errors, in the five languages. */

export interface AuditMessages {
  languageName: string;
  language: string;
  intro: string;
  at: (location: string, organization: string) => string;
  dueBy: (date: string) => string;
  progress: (answered: number, total: number) => string;
  yes: string;
  no: string;
  na: string;
  score: (max: number) => string;
  critical: string;
  evidence: Record<Exclude<EvidenceRule, 'none'>, string>;
  note: string;
  photos: string;
  addPhoto: string;
  removePhoto: string;
  photoAlt: (n: number) => string;
  uploading: string;
  uploaded: string;
  uploadFailed: string;
  uploadQueued: string;
  tooBig: string;
  notImage: string;
  photosNeedScript: string;
  saving: string;
  saved: string;
  savedOffline: string;
  offline: string;
  save: string;
  submit: string;
  submitting: string;
  submitBlockedOffline: string;
  errorsTitle: string;
  problem: Record<AnswerProblem['code'], string>;
  thankYouTitle: string;
  thankYouBody: string;
  alreadyTitle: string;
  alreadyBody: string;
  invalidTitle: string;
  invalidBody: string;
  expiredTitle: string;
  expiredBody: string;
  closedTitle: string;
  closedBody: string;
}

const en: AuditMessages = {
  languageName: 'English',
  language: 'Language',
  intro: 'Answer every point as you experienced it. Your answers are kept as you go, even without a connection.',
  at: (location, organization) => `${location} · ${organization}`,
  dueBy: (date) => `Please complete by ${date}`,
  progress: (answered, total) => `${answered} of ${total} answered`,
  yes: 'Yes',
  no: 'No',
  na: 'Not applicable',
  score: (max) => `Score from 0 to ${max}`,
  critical: 'Critical',
  evidence: {
    note: 'Not met: describe what you saw.',
    photo: 'Not met: add a photo.',
    photo_or_note: 'Not met: add a photo or a note.',
    photo_and_note: 'Not met: add a photo and a note.',
  },
  note: 'Note',
  photos: 'Photos',
  addPhoto: 'Add a photo',
  removePhoto: 'Remove',
  photoAlt: (n) => `Photo ${n}`,
  uploading: 'Uploading the photo…',
  uploaded: 'Photo added.',
  uploadFailed: 'The photo could not be uploaded. Try again.',
  uploadQueued: 'No connection: the photo will upload when you are back online.',
  tooBig: 'The photo is larger than 10 MB.',
  notImage: 'This file is not a photo.',
  photosNeedScript: 'Adding photos needs JavaScript; answers and notes work without it.',
  saving: 'Saving…',
  saved: 'All answers saved.',
  savedOffline: 'Saved on this phone; will be sent when you are back online.',
  offline: 'You are offline. Your answers are kept on this phone.',
  save: 'Save for later',
  submit: 'Submit the audit',
  submitting: 'Submitting…',
  submitBlockedOffline: 'You are offline. Submit when you are back online; nothing is lost.',
  errorsTitle: 'Please check these points',
  problem: {
    unknown_item: 'This point is not part of the checklist.',
    wrong_type: 'This answer does not fit the point.',
    na_not_allowed: 'This point cannot be answered “not applicable”.',
    out_of_range: 'The score is out of range.',
    missing: 'Not answered yet.',
    note_required: 'Not met: describe what you saw in a note.',
    photo_required: 'Not met: add a photo.',
    evidence_required: 'Not met: add a photo or a note.',
  },
  thankYouTitle: 'Thank you!',
  thankYouBody: 'Your audit has been submitted. You can close this page.',
  alreadyTitle: 'Already submitted',
  alreadyBody: 'This audit has been submitted. Thank you for your help.',
  invalidTitle: 'This link does not work',
  invalidBody: 'Check that the whole link was copied, or ask for a new one.',
  expiredTitle: 'This link has expired',
  expiredBody: 'Ask the person who sent it for a new link.',
  closedTitle: 'This audit is closed',
  closedBody: 'It was cancelled and no longer takes answers.',
};

const zhCN: AuditMessages = {
  languageName: '简体中文',
  language: '语言',
  intro: '请按您的实际体验回答每一项。答案会随时保存，没有网络也不会丢失。',
  at: (location, organization) => `${location} · ${organization}`,
  dueBy: (date) => `请在 ${date} 前完成`,
  progress: (answered, total) => `已回答 ${answered} / ${total} 项`,
  yes: '是',
  no: '否',
  na: '不适用',
  score: (max) => `评分 0–${max}`,
  critical: '关键项',
  evidence: {
    note: '未达标：请描述您看到的情况。',
    photo: '未达标：请添加照片。',
    photo_or_note: '未达标：请添加照片或备注。',
    photo_and_note: '未达标：请添加照片和备注。',
  },
  note: '备注',
  photos: '照片',
  addPhoto: '添加照片',
  removePhoto: '删除',
  photoAlt: (n) => `照片 ${n}`,
  uploading: '正在上传照片…',
  uploaded: '照片已添加。',
  uploadFailed: '照片上传失败，请重试。',
  uploadQueued: '当前没有网络：恢复联网后照片会自动上传。',
  tooBig: '照片超过 10 MB。',
  notImage: '这个文件不是照片。',
  photosNeedScript: '添加照片需要启用 JavaScript；不启用也可以回答和填写备注。',
  saving: '正在保存…',
  saved: '所有答案已保存。',
  savedOffline: '已保存在本机，联网后会自动发送。',
  offline: '您目前处于离线状态，答案已保存在本机。',
  save: '稍后继续',
  submit: '提交检查',
  submitting: '正在提交…',
  submitBlockedOffline: '您目前离线。请在联网后提交，已填写的内容不会丢失。',
  errorsTitle: '请检查以下各项',
  problem: {
    unknown_item: '此项不在检查表中。',
    wrong_type: '答案与此项不符。',
    na_not_allowed: '此项不能选择“不适用”。',
    out_of_range: '评分超出范围。',
    missing: '尚未回答。',
    note_required: '未达标：请在备注中描述您看到的情况。',
    photo_required: '未达标：请添加照片。',
    evidence_required: '未达标：请添加照片或备注。',
  },
  thankYouTitle: '谢谢！',
  thankYouBody: '您的检查已提交，可以关闭此页面。',
  alreadyTitle: '已提交',
  alreadyBody: '这份检查已经提交，感谢您的帮助。',
  invalidTitle: '此链接无效',
  invalidBody: '请确认链接已完整复制，或索取新的链接。',
  expiredTitle: '此链接已过期',
  expiredBody: '请向发送链接的人索取新的链接。',
  closedTitle: '此检查已关闭',
  closedBody: '它已被取消，不再接受回答。',
};

const zhTW: AuditMessages = {
  languageName: '繁體中文',
  language: '語言',
  intro: '請按您的實際體驗回答每一項。答案會隨時保存，沒有網路也不會遺失。',
  at: (location, organization) => `${location} · ${organization}`,
  dueBy: (date) => `請在 ${date} 前完成`,
  progress: (answered, total) => `已回答 ${answered} / ${total} 項`,
  yes: '是',
  no: '否',
  na: '不適用',
  score: (max) => `評分 0–${max}`,
  critical: '關鍵項',
  evidence: {
    note: '未達標：請描述您看到的情況。',
    photo: '未達標：請新增照片。',
    photo_or_note: '未達標：請新增照片或備註。',
    photo_and_note: '未達標：請新增照片和備註。',
  },
  note: '備註',
  photos: '照片',
  addPhoto: '新增照片',
  removePhoto: '刪除',
  photoAlt: (n) => `照片 ${n}`,
  uploading: '正在上傳照片…',
  uploaded: '照片已新增。',
  uploadFailed: '照片上傳失敗，請重試。',
  uploadQueued: '目前沒有網路：恢復連線後照片會自動上傳。',
  tooBig: '照片超過 10 MB。',
  notImage: '這個檔案不是照片。',
  photosNeedScript: '新增照片需要啟用 JavaScript；不啟用也可以回答和填寫備註。',
  saving: '正在儲存…',
  saved: '所有答案已儲存。',
  savedOffline: '已儲存在本機，連線後會自動傳送。',
  offline: '您目前處於離線狀態，答案已儲存在本機。',
  save: '稍後繼續',
  submit: '提交檢查',
  submitting: '正在提交…',
  submitBlockedOffline: '您目前離線。請在連線後提交，已填寫的內容不會遺失。',
  errorsTitle: '請檢查以下各項',
  problem: {
    unknown_item: '此項不在檢查表中。',
    wrong_type: '答案與此項不符。',
    na_not_allowed: '此項不能選擇「不適用」。',
    out_of_range: '評分超出範圍。',
    missing: '尚未回答。',
    note_required: '未達標：請在備註中描述您看到的情況。',
    photo_required: '未達標：請新增照片。',
    evidence_required: '未達標：請新增照片或備註。',
  },
  thankYouTitle: '謝謝！',
  thankYouBody: '您的檢查已提交，可以關閉此頁面。',
  alreadyTitle: '已提交',
  alreadyBody: '這份檢查已經提交，感謝您的協助。',
  invalidTitle: '此連結無效',
  invalidBody: '請確認連結已完整複製，或索取新的連結。',
  expiredTitle: '此連結已過期',
  expiredBody: '請向傳送連結的人索取新的連結。',
  closedTitle: '此檢查已關閉',
  closedBody: '它已被取消，不再接受回答。',
};

const ru: AuditMessages = {
  languageName: 'Русский',
  language: 'Язык',
  intro: 'Ответьте на каждый пункт так, как всё было на самом деле. Ответы сохраняются по ходу, даже без связи.',
  at: (location, organization) => `${location} · ${organization}`,
  dueBy: (date) => `Пожалуйста, заполните до ${date}`,
  progress: (answered, total) => `Отвечено ${answered} из ${total}`,
  yes: 'Да',
  no: 'Нет',
  na: 'Не применимо',
  score: (max) => `Оценка от 0 до ${max}`,
  critical: 'Критично',
  evidence: {
    note: 'Не выполнено: опишите, что вы увидели.',
    photo: 'Не выполнено: добавьте фото.',
    photo_or_note: 'Не выполнено: добавьте фото или заметку.',
    photo_and_note: 'Не выполнено: добавьте фото и заметку.',
  },
  note: 'Заметка',
  photos: 'Фото',
  addPhoto: 'Добавить фото',
  removePhoto: 'Удалить',
  photoAlt: (n) => `Фото ${n}`,
  uploading: 'Фото загружается…',
  uploaded: 'Фото добавлено.',
  uploadFailed: 'Не удалось загрузить фото. Попробуйте ещё раз.',
  uploadQueued: 'Нет связи: фото загрузится, когда связь появится.',
  tooBig: 'Фото больше 10 МБ.',
  notImage: 'Этот файл не является фотографией.',
  photosNeedScript: 'Для добавления фото нужен JavaScript; ответы и заметки работают и без него.',
  saving: 'Сохраняем…',
  saved: 'Все ответы сохранены.',
  savedOffline: 'Сохранено на телефоне; отправится, когда появится связь.',
  offline: 'Нет подключения к сети. Ответы сохранены на этом телефоне.',
  save: 'Продолжить позже',
  submit: 'Отправить проверку',
  submitting: 'Отправляем…',
  submitBlockedOffline: 'Нет связи. Отправьте, когда она появится: ничего не потеряется.',
  errorsTitle: 'Проверьте эти пункты',
  problem: {
    unknown_item: 'Этого пункта нет в чек-листе.',
    wrong_type: 'Ответ не подходит к этому пункту.',
    na_not_allowed: 'На этот пункт нельзя ответить «не применимо».',
    out_of_range: 'Оценка вне допустимого диапазона.',
    missing: 'Ещё нет ответа.',
    note_required: 'Не выполнено: опишите в заметке, что вы увидели.',
    photo_required: 'Не выполнено: добавьте фото.',
    evidence_required: 'Не выполнено: добавьте фото или заметку.',
  },
  thankYouTitle: 'Спасибо!',
  thankYouBody: 'Проверка отправлена. Страницу можно закрыть.',
  alreadyTitle: 'Уже отправлено',
  alreadyBody: 'Эта проверка уже отправлена. Спасибо за помощь.',
  invalidTitle: 'Ссылка не работает',
  invalidBody: 'Убедитесь, что ссылка скопирована полностью, или попросите новую.',
  expiredTitle: 'Срок действия ссылки истёк',
  expiredBody: 'Попросите новую ссылку у того, кто её прислал.',
  closedTitle: 'Проверка закрыта',
  closedBody: 'Она отменена и больше не принимает ответы.',
};

const hu: AuditMessages = {
  languageName: 'Magyar',
  language: 'Nyelv',
  intro: 'Minden pontra úgy válaszoljon, ahogy megtapasztalta. A válaszok menet közben mentődnek, kapcsolat nélkül is.',
  at: (location, organization) => `${location} · ${organization}`,
  dueBy: (date) => `Kérjük, töltse ki eddig: ${date}`,
  progress: (answered, total) => `${total} pontból ${answered} megválaszolva`,
  yes: 'Igen',
  no: 'Nem',
  na: 'Nem releváns',
  score: (max) => `Pontszám 0-tól ${max}-ig`,
  critical: 'Kritikus',
  evidence: {
    note: 'Nem teljesült: írja le, mit látott.',
    photo: 'Nem teljesült: adjon hozzá fényképet.',
    photo_or_note: 'Nem teljesült: adjon hozzá fényképet vagy megjegyzést.',
    photo_and_note: 'Nem teljesült: adjon hozzá fényképet és megjegyzést.',
  },
  note: 'Megjegyzés',
  photos: 'Fényképek',
  addPhoto: 'Fénykép hozzáadása',
  removePhoto: 'Törlés',
  photoAlt: (n) => `${n}. fénykép`,
  uploading: 'A fénykép feltöltése folyamatban…',
  uploaded: 'A fénykép hozzáadva.',
  uploadFailed: 'A fényképet nem sikerült feltölteni. Próbálja újra.',
  uploadQueued: 'Nincs kapcsolat: a fénykép feltöltődik, amint újra lesz hálózat.',
  tooBig: 'A fénykép nagyobb 10 MB-nál.',
  notImage: 'Ez a fájl nem fénykép.',
  photosNeedScript: 'A fényképekhez JavaScript kell; a válaszok és megjegyzések nélküle is működnek.',
  saving: 'Mentés…',
  saved: 'Minden válasz elmentve.',
  savedOffline: 'Ezen a telefonon elmentve; elküldjük, amint újra lesz kapcsolat.',
  offline: 'Nincs internetkapcsolat. A válaszok ezen a telefonon megmaradnak.',
  save: 'Folytatás később',
  submit: 'Az ellenőrzés beküldése',
  submitting: 'Beküldés…',
  submitBlockedOffline: 'Nincs kapcsolat. Küldje be, amikor újra lesz hálózat; semmi sem vész el.',
  errorsTitle: 'Kérjük, nézze át ezeket a pontokat',
  problem: {
    unknown_item: 'Ez a pont nem része az ellenőrzőlistának.',
    wrong_type: 'A válasz nem illik ehhez a ponthoz.',
    na_not_allowed: 'Erre a pontra nem lehet „nem releváns” választ adni.',
    out_of_range: 'A pontszám kívül esik a tartományon.',
    missing: 'Még nincs megválaszolva.',
    note_required: 'Nem teljesült: írja le megjegyzésben, mit látott.',
    photo_required: 'Nem teljesült: adjon hozzá fényképet.',
    evidence_required: 'Nem teljesült: adjon hozzá fényképet vagy megjegyzést.',
  },
  thankYouTitle: 'Köszönjük!',
  thankYouBody: 'Az ellenőrzést beküldte. Ezt az oldalt bezárhatja.',
  alreadyTitle: 'Már beküldve',
  alreadyBody: 'Ezt az ellenőrzést már beküldték. Köszönjük a segítségét.',
  invalidTitle: 'Ez a hivatkozás nem működik',
  invalidBody: 'Ellenőrizze, hogy a teljes hivatkozást másolta-e ki, vagy kérjen újat.',
  expiredTitle: 'Ez a hivatkozás lejárt',
  expiredBody: 'Kérjen új hivatkozást attól, aki küldte.',
  closedTitle: 'Ez az ellenőrzés lezárult',
  closedBody: 'Visszavonták, és már nem fogad válaszokat.',
};

export const auditMessages: Record<Locale, AuditMessages> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW, ru, hu };

/** The strings the page script needs (plain strings only, so they travel as JSON). */
export function scriptTexts(messages: AuditMessages) {
  return {
    uploading: messages.uploading,
    uploaded: messages.uploaded,
    uploadFailed: messages.uploadFailed,
    uploadQueued: messages.uploadQueued,
    tooBig: messages.tooBig,
    notImage: messages.notImage,
    saving: messages.saving,
    saved: messages.saved,
    savedOffline: messages.savedOffline,
    offline: messages.offline,
    submitting: messages.submitting,
    submitBlockedOffline: messages.submitBlockedOffline,
    removePhoto: messages.removePhoto,
    photoAlt: messages.photoAlt(0).replace('0', '{n}'),
    progress: messages.progress(111, 222).replace('111', '{a}').replace('222', '{t}'),
  };
}
