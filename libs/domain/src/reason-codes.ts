/**
 * Coded reasons of referral decisions, kept as policy data with their labels in Azerbaijani, English and Russian.
 * A code is shared with the other party of a referral; free text typed instead stays with the organisation that wrote
 * it (it may hold personal data the other party's consent does not cover).
 */
export enum ReasonKind {
  DECLINE = 'DECLINE',
  OUTCOME = 'OUTCOME',
  WITHDRAWAL = 'WITHDRAWAL',
  CLOSURE = 'CLOSURE',
}

export interface ReasonLabels {
  az: string;
  en: string;
  ru: string;
}

export interface CodedReason {
  code: string;
  labels: ReasonLabels;
}

const r = (code: string, az: string, en: string, ru: string): CodedReason => ({
  code,
  labels: { az, en, ru },
});

/** The policy's reason lists (version them with the deadline policy when they change). */
export const REASON_CODES: Readonly<Record<ReasonKind, readonly CodedReason[]>> = {
  [ReasonKind.DECLINE]: [
    r('NO_CAPACITY', 'Yer/imkan yoxdur', 'No capacity', 'Нет мест/возможностей'),
    r('NOT_ELIGIBLE', 'Tələblərə uyğun deyil', 'Not eligible', 'Не соответствует требованиям'),
    r('SERVICE_NOT_AVAILABLE', 'Xidmət göstərilmir', 'Service not available', 'Услуга недоступна'),
    r('OUT_OF_AREA', 'Xidmət ərazisindən kənar', 'Outside the service area', 'Вне зоны обслуживания'),
    r(
      'ORGANISATION_DEACTIVATED',
      'Təşkilat fəaliyyətini dayandırıb',
      'Organisation deactivated',
      'Организация деактивирована',
    ),
    r('OTHER', 'Digər', 'Other', 'Другое'),
  ],
  [ReasonKind.OUTCOME]: [
    r('SERVICE_PROVIDED', 'Xidmət göstərildi', 'Service provided', 'Услуга оказана'),
    r('PARTIALLY_PROVIDED', 'Xidmət qismən göstərildi', 'Partially provided', 'Услуга оказана частично'),
    r(
      'SERVICE_REFUSED_BY_SURVIVOR',
      'Şəxs xidmətdən imtina etdi',
      'Refused by the survivor',
      'Пострадавшая отказалась',
    ),
    r('UNREACHABLE', 'Əlaqə saxlamaq mümkün olmadı', 'Could not be reached', 'Не удалось связаться'),
    r('OTHER', 'Digər', 'Other', 'Другое'),
  ],
  [ReasonKind.WITHDRAWAL]: [
    r('CONSENT_WITHDRAWN', 'Razılıq geri götürüldü', 'Consent withdrawn', 'Согласие отозвано'),
    r('CONSENT_NOT_IN_FORCE', 'Razılıq qüvvədə deyil', 'Consent not in force', 'Согласие не действует'),
    r('CASE_CLOSED', 'İş bağlandı', 'Case closed', 'Дело закрыто'),
    r('WITHDRAWN_BY_SENDER', 'Göndərən geri götürdü', 'Withdrawn by the sender', 'Отозвано отправителем'),
    r('SURVIVOR_REQUEST', 'Şəxsin xahişi ilə', 'At the survivor’s request', 'По просьбе пострадавшей'),
    r(
      'NEED_MET_ELSEWHERE',
      'Ehtiyac başqa yolla ödənildi',
      'Need met elsewhere',
      'Потребность удовлетворена иначе',
    ),
    r('REFERRED_IN_ERROR', 'Səhvən göndərilib', 'Referred in error', 'Направлено ошибочно'),
    r('OTHER', 'Digər', 'Other', 'Другое'),
  ],
  [ReasonKind.CLOSURE]: [
    r('GOALS_MET', 'Məqsədlərə nail olundu', 'Goals met', 'Цели достигнуты'),
    r('SURVIVOR_REQUEST', 'Şəxsin xahişi ilə', 'At the survivor’s request', 'По просьбе пострадавшей'),
    r('TRANSFERRED', 'Başqa təşkilata verildi', 'Transferred', 'Передано другой организации'),
    r('NO_CONTACT', 'Əlaqə itib', 'Contact lost', 'Связь потеряна'),
    r('OTHER', 'Digər', 'Other', 'Другое'),
  ],
};

/** True when `text` is one of the codes of `kind` (then it may be shown to the other party). */
export function isReasonCode(kind: ReasonKind, text: string | null | undefined): boolean {
  return typeof text === 'string' && REASON_CODES[kind].some((c) => c.code === text);
}

/**
 * What another party sees of a reason: the code when it is one, never free text. The organisation that wrote it sees
 * it whole.
 */
export function reasonFor(kind: ReasonKind, text: string | null, wroteIt: boolean): string | null {
  if (text === null || wroteIt) return text;
  return isReasonCode(kind, text) ? text : null;
}
