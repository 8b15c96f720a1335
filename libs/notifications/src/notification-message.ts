import { TaskType } from '@lib/domain';
import { NotificationKind, NotificationLanguage } from './notification-kinds';

/**
 * The text of an e-mail (pure). It names what happened, the task type, the case code only when the caller says the
 * recipient may see it, the deadline and a console link by id. It is built from ids, enums and times only: there is
 * no parameter through which a name, phone, address, narrative or health note could reach it.
 */
export interface MessageFacts {
  kind: NotificationKind;
  taskType: TaskType | null;
  /** Null when the recipient may not see the case code (or there is no case). */
  caseCode: string | null;
  dueAt: Date | null;
  /** The console link (by id). */
  link: string;
  language: NotificationLanguage;
}

export interface RenderedMessage {
  subject: string;
  text: string;
}

type Texts = Record<NotificationLanguage, string>;

const KIND_TEXT: Readonly<Record<NotificationKind, Texts>> = {
  [NotificationKind.NEW_REFERRAL]: {
    az: 'Yeni göndəriş cavab gözləyir',
    en: 'A new referral awaits your answer',
    ru: 'Новое направление ожидает ответа',
  },
  [NotificationKind.SERVICE_TASK]: {
    az: 'Göndəriş üzrə xidmət tapşırığı',
    en: 'Service task for an accepted referral',
    ru: 'Задача по оказанию услуги по направлению',
  },
  [NotificationKind.COUNTERSIGN_REQUESTED]: {
    az: 'Təsdiq imzası tələb olunur',
    en: 'Countersignature requested',
    ru: 'Требуется подпись руководителя',
  },
  [NotificationKind.FOLLOW_UP_DUE]: {
    az: 'Təkrar əlaqə vaxtıdır',
    en: 'Follow-up due',
    ru: 'Требуется повторный контакт',
  },
  [NotificationKind.ESCALATION]: {
    az: 'Eskalasiya: müddət pozulub',
    en: 'Escalation: a deadline was missed',
    ru: 'Эскалация: срок нарушен',
  },
  [NotificationKind.MONITORING_ALERT]: {
    az: 'Monitorinq xəbərdarlığı',
    en: 'Monitoring alert',
    ru: 'Сигнал мониторинга',
  },
  [NotificationKind.REROUTE_SUGGESTED]: {
    az: 'Göndərişi başqa quruma yönləndirin',
    en: 'Re-route the referral',
    ru: 'Перенаправьте направление',
  },
  [NotificationKind.INTAKE_STEP]: {
    az: 'Qəbul mərhələsi açıqdır',
    en: 'Intake step open',
    ru: 'Открыт этап приёма',
  },
  [NotificationKind.BREAK_GLASS_REVIEW]: {
    az: 'Təcili giriş yoxlanılmalıdır',
    en: 'Break-glass access to review',
    ru: 'Проверьте экстренный доступ',
  },
  [NotificationKind.CLOSURE_REQUESTED]: {
    az: 'İşin bağlanması təsdiq gözləyir',
    en: 'Case closure awaits approval',
    ru: 'Закрытие дела ожидает утверждения',
  },
  [NotificationKind.CLOSURE_APPROVED]: {
    az: 'İşin bağlanması təsdiqləndi',
    en: 'Case closure approved',
    ru: 'Закрытие дела утверждено',
  },
  [NotificationKind.DEADLINE_REMINDER]: {
    az: 'Xatırlatma: müddət yaxınlaşır',
    en: 'Reminder: a deadline is near',
    ru: 'Напоминание: срок истекает',
  },
  [NotificationKind.DEADLINE_MISSED]: { az: 'Müddət keçdi', en: 'Deadline missed', ru: 'Срок пропущен' },
  [NotificationKind.REFERRAL_ACCEPTED]: {
    az: 'Göndəriş qəbul edildi',
    en: 'Referral accepted',
    ru: 'Направление принято',
  },
  [NotificationKind.REFERRAL_DECLINED]: {
    az: 'Göndəriş rədd edildi',
    en: 'Referral declined',
    ru: 'Направление отклонено',
  },
  [NotificationKind.REFERRAL_COMPLETED]: {
    az: 'Göndəriş tamamlandı',
    en: 'Referral completed',
    ru: 'Направление выполнено',
  },
  [NotificationKind.REFERRAL_WITHDRAWN]: {
    az: 'Göndəriş geri çağırıldı',
    en: 'Referral withdrawn',
    ru: 'Направление отозвано',
  },
  [NotificationKind.CONSENT_WITHDRAWN]: {
    az: 'Razılıq geri götürüldü: giriş dayandırıldı',
    en: 'Consent withdrawn: access ended',
    ru: 'Согласие отозвано: доступ прекращён',
  },
  [NotificationKind.WEBHOOK_DISABLED]: {
    az: 'Vebhuk söndürüldü',
    en: 'Webhook disabled',
    ru: 'Вебхук отключён',
  },
  [NotificationKind.TASK_ASSIGNED]: {
    az: 'Sizə tapşırıq təyin edildi',
    en: 'A task was assigned to you',
    ru: 'Вам назначена задача',
  },
  [NotificationKind.CASE_ASSIGNED]: {
    az: 'Sizə iş təyin edildi',
    en: 'A case was assigned to you',
    ru: 'Вам назначено дело',
  },
};

const TASK_TEXT: Readonly<Record<TaskType, Texts>> = {
  [TaskType.REFERRAL_RESPONSE]: {
    az: 'göndərişə cavab',
    en: 'referral response',
    ru: 'ответ на направление',
  },
  [TaskType.REFERRAL_SERVICE]: { az: 'xidmətin göstərilməsi', en: 'service delivery', ru: 'оказание услуги' },
  [TaskType.LEGAL_OVERRIDE_COUNTERSIGN]: {
    az: 'hüquqi əsasın təsdiqi',
    en: 'legal basis countersignature',
    ru: 'подпись правового основания',
  },
  [TaskType.CLOSURE_APPROVAL]: {
    az: 'bağlanmanın təsdiqi',
    en: 'closure approval',
    ru: 'утверждение закрытия',
  },
  [TaskType.ESCALATION]: { az: 'eskalasiya', en: 'escalation', ru: 'эскалация' },
  [TaskType.MONITORING_ALERT]: { az: 'monitorinq', en: 'monitoring alert', ru: 'сигнал мониторинга' },
  [TaskType.FOLLOW_UP]: { az: 'təkrar əlaqə', en: 'follow-up', ru: 'повторный контакт' },
  [TaskType.INTAKE_STEP]: { az: 'qəbul mərhələsi', en: 'intake step', ru: 'этап приёма' },
  [TaskType.REROUTE]: { az: 'yenidən yönləndirmə', en: 're-route', ru: 'перенаправление' },
  [TaskType.BREAK_GLASS_REVIEW]: {
    az: 'təcili girişin yoxlanması',
    en: 'break-glass review',
    ru: 'проверка экстренного доступа',
  },
  [TaskType.RISK_CONFERENCE]: {
    az: 'risklər üzrə çoxtərəfli görüş',
    en: 'multi-agency risk conference',
    ru: 'межведомственное совещание по рискам',
  },
  [TaskType.PROTECTION_ORDER_ALERT]: {
    az: 'mühafizə orderi üzrə xəbərdarlıq',
    en: 'protection order alert',
    ru: 'оповещение по охранному ордеру',
  },
  [TaskType.RISK_REASSESSMENT]: { az: 'riskin yenidən qiymətləndirilməsi', en: 'risk reassessment', ru: 'повторная оценка риска' },
  [TaskType.WEBHOOK_FAILED]: { az: 'dayandırılmış vebhuk', en: 'disabled webhook', ru: 'отключённый вебхук' },
  [TaskType.SAFETY_PLAN_ACTION]: { az: 'təhlükəsizlik planı üzrə tədbir', en: 'safety plan action', ru: 'мера плана безопасности' },
  [TaskType.SAFETY_PLAN_REVIEW]: { az: 'təhlükəsizlik planının nəzərdən keçirilməsi', en: 'safety plan review', ru: 'пересмотр плана безопасности' },
};

const LABELS: Readonly<Record<'task' | 'case' | 'due' | 'open' | 'footer', Texts>> = {
  task: { az: 'Tapşırıq', en: 'Task', ru: 'Задача' },
  case: { az: 'İş kodu', en: 'Case code', ru: 'Код дела' },
  due: { az: 'Son müddət', en: 'Deadline', ru: 'Срок' },
  open: { az: 'Konsolda açın', en: 'Open in the console', ru: 'Откройте в консоли' },
  footer: {
    az: 'Bu məktubda şəxsi məlumat yoxdur. Təfərrüatlar yalnız konsolda, girişinizlə.',
    en: 'This message holds no personal data. Details are in the console, after you sign in.',
    ru: 'В этом письме нет персональных данных. Подробности — в консоли после входа.',
  },
};

/** `2026-12-07 14:30 UTC`: the same in every language, unambiguous across time zones. */
export function formatDeadline(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function renderMessage(f: MessageFacts): RenderedMessage {
  const l = f.language;
  const title = KIND_TEXT[f.kind][l];
  const lines = [title];
  if (f.taskType) lines.push(`${LABELS.task[l]}: ${TASK_TEXT[f.taskType][l]}`);
  if (f.caseCode) lines.push(`${LABELS.case[l]}: ${f.caseCode}`);
  if (f.dueAt) lines.push(`${LABELS.due[l]}: ${formatDeadline(f.dueAt)}`);
  lines.push(`${LABELS.open[l]}: ${f.link}`, '', LABELS.footer[l]);
  const subject = f.caseCode ? `[NRM] ${title} (${f.caseCode})` : `[NRM] ${title}`;
  return { subject, text: `${lines.join('\n')}\n` };
}

/** The console link of a notification, by id: the task, else the referral, else the case. */
export function consoleLink(
  base: string,
  ids: { taskId: string | null; referralId: string | null; caseId: string | null },
): string {
  const root = base.replace(/\/+$/, '');
  if (ids.taskId) return `${root}/tasks/${ids.taskId}`;
  if (ids.referralId) return `${root}/referrals/${ids.referralId}`;
  if (ids.caseId) return `${root}/cases/${ids.caseId}`;
  return `${root}/notifications`;
}
