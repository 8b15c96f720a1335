import { graphql } from '../../gql';

export const CaseConsentsQuery = graphql(`
  query CaseConsents($caseId: UUID!) {
    caseConsents(caseId: $caseId) {
      id
      dataCategories
      purposes
      grantor
      method
      grantedAt
      expiresAt
      withdrawnAt
      inForce
      recipientOrganisationId
      recipientOrganisationType
    }
  }
`);

export const RecordConsentMutation = graphql(`
  mutation RecordConsent($input: RecordConsentInput!) {
    recordConsent(input: $input) {
      id
    }
  }
`);

export const WithdrawConsentMutation = graphql(`
  mutation WithdrawConsent($consentId: UUID!, $reason: String!) {
    withdrawConsent(consentId: $consentId, reason: $reason) {
      consent {
        id
        inForce
      }
      withdrawnReferralIds
    }
  }
`);
