import type { Locale } from './locales.ts';

/**
 * Strings the server itself writes to people (e-mails). The web app has its own catalogues;
 * these are few enough to keep typed in code, which makes a missing translation a compile error.
 */
type Catalogue = {
  resetSubject: string;
  resetBody: (p: { name: string; url: string }) => string;
  inviteSubject: (p: { organization: string }) => string;
  inviteBody: (p: { organization: string; role: string; url: string; days: number }) => string;
};

export const serverMessages: Record<Locale, Catalogue> = {
  en: {
    resetSubject: 'Reset your Keymoment password',
    resetBody: ({ name, url }) =>
      `Hello ${name},\n\nSomeone asked to reset the password of your Keymoment account. To choose a new password, open:\n${url}\n\nThe link works for one hour. If you did not ask for this, ignore this e-mail; your password stays as it is.`,
    inviteSubject: ({ organization }) => `You are invited to ${organization} on Keymoment`,
    inviteBody: ({ organization, role, url, days }) =>
      `Hello,\n\nYou have been invited to join ${organization} on Keymoment as ${role}. To accept, open:\n${url}\n\nThe invitation is valid for ${days} days.`,
  },
  'zh-CN': {
    resetSubject: '重置您的 Keymoment 密码',
    resetBody: ({ name, url }) =>
      `${name}，您好：\n\n有人申请重置您的 Keymoment 账户密码。请打开以下链接设置新密码：\n${url}\n\n链接一小时内有效。如果这不是您本人的操作，请忽略此邮件，您的密码不会改变。`,
    inviteSubject: ({ organization }) => `邀请您加入 Keymoment 上的「${organization}」`,
    inviteBody: ({ organization, role, url, days }) =>
      `您好：\n\n您被邀请以「${role}」身份加入 Keymoment 上的「${organization}」。请打开以下链接接受邀请：\n${url}\n\n邀请 ${days} 天内有效。`,
  },
  'zh-TW': {
    resetSubject: '重設您的 Keymoment 密碼',
    resetBody: ({ name, url }) =>
      `${name}，您好：\n\n有人申請重設您的 Keymoment 帳戶密碼。請開啟以下連結設定新密碼：\n${url}\n\n連結一小時內有效。如果這不是您本人的操作，請忽略此郵件，您的密碼不會改變。`,
    inviteSubject: ({ organization }) => `邀請您加入 Keymoment 上的「${organization}」`,
    inviteBody: ({ organization, role, url, days }) =>
      `您好：\n\n您受邀以「${role}」身分加入 Keymoment 上的「${organization}」。請開啟以下連結接受邀請：\n${url}\n\n邀請 ${days} 天內有效。`,
  },
  ru: {
    resetSubject: 'Сброс пароля Keymoment',
    resetBody: ({ name, url }) =>
      `Здравствуйте, ${name}!\n\nКто-то запросил сброс пароля вашей учётной записи Keymoment. Чтобы задать новый пароль, откройте ссылку:\n${url}\n\nСсылка действует один час. Если вы этого не запрашивали, просто проигнорируйте письмо — пароль останется прежним.`,
    inviteSubject: ({ organization }) => `Приглашение в «${organization}» в Keymoment`,
    inviteBody: ({ organization, role, url, days }) =>
      `Здравствуйте!\n\nВас пригласили в «${organization}» в Keymoment с ролью «${role}». Чтобы принять приглашение, откройте ссылку:\n${url}\n\nПриглашение действует ${days} дн.`,
  },
  hu: {
    resetSubject: 'Keymoment-jelszó visszaállítása',
    resetBody: ({ name, url }) =>
      `Kedves ${name}!\n\nValaki kérte a Keymoment-fiókod jelszavának visszaállítását. Új jelszót itt adhatsz meg:\n${url}\n\nA hivatkozás egy óráig érvényes. Ha nem te kérted, hagyd figyelmen kívül ezt a levelet; a jelszavad nem változik.`,
    inviteSubject: ({ organization }) => `Meghívó a(z) ${organization} szervezetbe a Keymomentben`,
    inviteBody: ({ organization, role, url, days }) =>
      `Üdvözlünk!\n\nMeghívtak a(z) ${organization} szervezetbe a Keymomentben, ${role} szerepkörrel. Az elfogadáshoz nyisd meg:\n${url}\n\nA meghívó ${days} napig érvényes.`,
  },
};

export const roleNames: Record<Locale, Record<string, string>> = {
  en: { admin: 'Administrator', cx_manager: 'CX manager', outlet_manager: 'Outlet manager', agent: 'Frontline staff', auditor: 'Auditor', viewer: 'Viewer' },
  'zh-CN': { admin: '管理员', cx_manager: '客户体验经理', outlet_manager: '网点经理', agent: '一线员工', auditor: '审核员', viewer: '查看者' },
  'zh-TW': { admin: '管理員', cx_manager: '客戶體驗經理', outlet_manager: '門市經理', agent: '第一線員工', auditor: '稽核員', viewer: '檢視者' },
  ru: { admin: 'Администратор', cx_manager: 'CX-менеджер', outlet_manager: 'Руководитель точки', agent: 'Сотрудник первой линии', auditor: 'Аудитор', viewer: 'Наблюдатель' },
  hu: { admin: 'Adminisztrátor', cx_manager: 'Ügyfélélmény-menedzser', outlet_manager: 'Egységvezető', agent: 'Ügyfélkapcsolati munkatárs', auditor: 'Auditor', viewer: 'Megtekintő' },
};
