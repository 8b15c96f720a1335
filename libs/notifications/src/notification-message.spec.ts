import { TaskType } from '@lib/domain';
import { NotificationKind, NotificationLanguage } from './notification-kinds';
import { consoleLink, renderMessage } from './notification-message';

const facts = {
  kind: NotificationKind.NEW_REFERRAL,
  taskType: TaskType.REFERRAL_RESPONSE,
  caseCode: 'NRM-7F3K9Q2M',
  dueAt: new Date('2026-12-07T14:30:00Z'),
  link: 'https://console.example/tasks/6f1c3a52-1d7e-4c55-9a53-2c1f7f0e9d11',
};

describe('notification message', () => {
  it.each([
    [NotificationLanguage.AZ, 'Yeni göndəriş cavab gözləyir', 'Son müddət'],
    [NotificationLanguage.EN, 'A new referral awaits your answer', 'Deadline'],
    [NotificationLanguage.RU, 'Новое направление ожидает ответа', 'Срок'],
  ])('in %s: the kind, task type, case code, deadline and link', (language, title, due) => {
    const m = renderMessage({ ...facts, language });
    expect(m.subject).toBe(`[NRM] ${title} (NRM-7F3K9Q2M)`);
    expect(m.text).toContain(`${due}: 2026-12-07 14:30 UTC`);
    expect(m.text).toContain('NRM-7F3K9Q2M');
    expect(m.text).toContain(facts.link);
  });

  it.each([
    [NotificationLanguage.AZ, 'Sizə tapşırıq təyin edildi'],
    [NotificationLanguage.EN, 'A task was assigned to you'],
    [NotificationLanguage.RU, 'Вам назначена задача'],
  ])('"assigned to you" in %s', (language, title) => {
    const m = renderMessage({ ...facts, kind: NotificationKind.TASK_ASSIGNED, taskType: TaskType.FOLLOW_UP, language });
    expect(m.subject).toBe(`[NRM] ${title} (NRM-7F3K9Q2M)`);
    expect(m.text).toContain(facts.link);
  });

  it('names no case code when the recipient may not see it', () => {
    const m = renderMessage({ ...facts, caseCode: null, language: NotificationLanguage.EN });
    expect(m.subject).toBe('[NRM] A new referral awaits your answer');
    expect(m.text).not.toContain('Case code');
  });

  it('links to the task, else the referral, else the case, by id', () => {
    expect(consoleLink('https://c/', { taskId: 't', referralId: 'r', caseId: 'c' })).toBe(
      'https://c/tasks/t',
    );
    expect(consoleLink('https://c', { taskId: null, referralId: 'r', caseId: 'c' })).toBe(
      'https://c/referrals/r',
    );
    expect(consoleLink('https://c', { taskId: null, referralId: null, caseId: 'c' })).toBe(
      'https://c/cases/c',
    );
  });
});
