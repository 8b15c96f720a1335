import { graphql } from '../../gql';

export const ProtectionOrderFieldsFragment = graphql(`
  fragment ProtectionOrderFields on ProtectionOrder {
    id
    caseId
    kind
    issuer
    status
    appliedAt
    issueDueAt
    issuedAt
    expiresAt
    alertAt
    extensionCount
    conditions
    breaches {
      id
      occurredAt
      reportedAt
      reporterOrganisationId
    }
  }
`);

export const ProtectionOrdersQuery = graphql(`
  query ProtectionOrders($caseId: UUID!) {
    protectionOrders(caseId: $caseId) {
      ...ProtectionOrderFields
    }
  }
`);

export const ApplyForProtectionOrderMutation = graphql(`
  mutation ApplyForProtectionOrder($input: ApplyForProtectionOrderInput!) {
    applyForProtectionOrder(input: $input) {
      ...ProtectionOrderFields
    }
  }
`);

export const RecordProtectionOrderIssuedMutation = graphql(`
  mutation RecordProtectionOrderIssued($input: RecordProtectionOrderIssuedInput!) {
    recordProtectionOrderIssued(input: $input) {
      ...ProtectionOrderFields
    }
  }
`);

export const ExtendProtectionOrderMutation = graphql(`
  mutation ExtendProtectionOrder($input: ExtendProtectionOrderInput!) {
    extendProtectionOrder(input: $input) {
      ...ProtectionOrderFields
    }
  }
`);

export const ReportProtectionOrderBreachMutation = graphql(`
  mutation ReportProtectionOrderBreach($input: ReportProtectionOrderBreachInput!) {
    reportProtectionOrderBreach(input: $input) {
      ...ProtectionOrderFields
    }
  }
`);
