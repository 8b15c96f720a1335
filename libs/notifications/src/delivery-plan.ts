/**
 * Who a notification is delivered to, as SQL shared by the relay's claim (outbox-dispatcher.ts), which plans a new
 * batch in the statement that claims it, and `planNotificationBatch` (the workflow's own planning, for a batch started
 * without its plan: a batch restarted by the sweep, or a history from before). Both take the notifications as `n`
 * with at least the columns id, organisation_id, kind, recipient_roles, recipient_staff_id, mandatory.
 */

/**
 * E-mail: the organisation's active staff who hold a recipient role (the named person and the supervisors when one is
 * named, the named person only for a personal kind: `personalKinds`), have an address, and have not switched this kind
 * off (mandatory ones are sent regardless). One row per notification and person (the unique target index).
 */
export function emailDeliveriesInsertSql(from: string, personalKinds: string): string {
  return `INSERT INTO notification_deliveries (notification_id, organisation_id, channel, staff_id)
         SELECT n.id, n.organisation_id, 'EMAIL', s.id
           FROM ${from}
           JOIN staff_members s ON s.organisation_id = n.organisation_id AND s.active AND s.roles && n.recipient_roles
                AND (n.recipient_staff_id IS NULL OR s.id = n.recipient_staff_id
                     OR ('SUPERVISOR' = ANY(s.roles) AND n.kind <> ALL(${personalKinds}::text[])))
           JOIN notification_settings ns ON ns.staff_id = s.id AND ns.email IS NOT NULL
          WHERE (n.mandatory OR NOT EXISTS (SELECT 1 FROM notification_preferences p
                  WHERE p.staff_id = s.id AND p.kind = n.kind AND p.channel = 'EMAIL' AND NOT p.enabled))
         ON CONFLICT DO NOTHING`;
}

/** Webhooks: each active webhook of the organisation that takes this kind (no kinds listed: every kind). */
export function webhookDeliveriesInsertSql(from: string): string {
  return `INSERT INTO notification_deliveries (notification_id, organisation_id, channel, webhook_id)
         SELECT n.id, n.organisation_id, 'WEBHOOK', w.id
           FROM ${from}
           JOIN organisation_webhooks w ON w.organisation_id = n.organisation_id AND w.active
                AND (cardinality(w.kinds) = 0 OR n.kind = ANY(w.kinds))
         ON CONFLICT DO NOTHING`;
}
