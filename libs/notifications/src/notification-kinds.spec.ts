import { StaffRole, TaskType } from '@lib/domain';
import {
  NotificationKind,
  RECIPIENT_ROLES,
  canSwitchOff,
  isMandatory,
  kindForTask,
} from './notification-kinds';
import { NOTIFICATION_KIND_VALUES } from '../../persistence/src/migrations/1797300000000-CaseAssignments';

describe('notification kinds', () => {
  it('every task type raises a kind, and the migration freezes exactly the enum values', () => {
    for (const type of Object.values(TaskType))
      expect(Object.values(NotificationKind)).toContain(kindForTask(type));
    expect([...NOTIFICATION_KIND_VALUES].sort()).toEqual(Object.values(NotificationKind).sort());
  });

  it('escalations and monitoring alerts are mandatory and cannot be switched off; others can', () => {
    expect(canSwitchOff(NotificationKind.ESCALATION)).toBe(false);
    expect(canSwitchOff(NotificationKind.MONITORING_ALERT)).toBe(false);
    expect(canSwitchOff(NotificationKind.NEW_REFERRAL)).toBe(true);
    expect(isMandatory(NotificationKind.ESCALATION, false)).toBe(true);
  });

  it('a high-risk referral (and its reminders and missed deadline) is mandatory; a low-risk one is not', () => {
    expect(isMandatory(NotificationKind.NEW_REFERRAL, true)).toBe(true);
    expect(isMandatory(NotificationKind.DEADLINE_REMINDER, true)).toBe(true);
    expect(isMandatory(NotificationKind.NEW_REFERRAL, false)).toBe(false);
    expect(isMandatory(NotificationKind.REFERRAL_ACCEPTED, true)).toBe(false);
  });

  it('every kind has recipients; auditors hear of nothing', () => {
    for (const kind of Object.values(NotificationKind)) {
      expect(RECIPIENT_ROLES[kind].length).toBeGreaterThan(0);
      expect(RECIPIENT_ROLES[kind]).not.toContain(StaffRole.AUDITOR);
    }
  });
});
