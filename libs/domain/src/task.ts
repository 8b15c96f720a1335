export enum TaskType {
  REFERRAL_RESPONSE = 'REFERRAL_RESPONSE',
  REFERRAL_SERVICE = 'REFERRAL_SERVICE',
  LEGAL_OVERRIDE_COUNTERSIGN = 'LEGAL_OVERRIDE_COUNTERSIGN',
  CLOSURE_APPROVAL = 'CLOSURE_APPROVAL',
  ESCALATION = 'ESCALATION',
  MONITORING_ALERT = 'MONITORING_ALERT',
  FOLLOW_UP = 'FOLLOW_UP',
  INTAKE_STEP = 'INTAKE_STEP',
  REROUTE = 'REROUTE',
  BREAK_GLASS_REVIEW = 'BREAK_GLASS_REVIEW',
  /** A rise to HIGH risk: the region's monitoring group convenes a multi-agency risk conference (issue 16). */
  RISK_CONFERENCE = 'RISK_CONFERENCE',
  /** A protection order needs attention: issuance overdue, expiry near, or a breach reported (issue 16). */
  PROTECTION_ORDER_ALERT = 'PROTECTION_ORDER_ALERT',
  /** Reassess the case's risk (e.g. after a protection order breach). */
  RISK_REASSESSMENT = 'RISK_REASSESSMENT',
  /** An organisation's webhook was disabled after repeated failed deliveries: its administrators must look (issue 15). */
  WEBHOOK_FAILED = 'WEBHOOK_FAILED',
  /** An item of a case's safety plan assigned to this organisation: the action code and due date only (issue 16). */
  SAFETY_PLAN_ACTION = 'SAFETY_PLAN_ACTION',
  /** A safety plan item's review date has come: the owning organisation reviews it with the survivor (issue 16). */
  SAFETY_PLAN_REVIEW = 'SAFETY_PLAN_REVIEW',
}

export enum TaskStatus {
  OPEN = 'OPEN',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
