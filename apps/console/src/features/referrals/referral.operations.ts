import { graphql } from '../../gql';

export const CreateReferralMutation = graphql(`
  mutation CreateReferral($input: CreateReferralInput!) {
    createReferral(input: $input) {
      id
      status
      disclosureAuthorised
    }
  }
`);

export const ReferralQuery = graphql(`
  query ReferralPage($id: UUID!) {
    referral(id: $id) {
      id
      caseId
      caseCode
      status
      serviceType
      purpose
      dataCategories
      dataProfile
      fromOrganisationId
      toOrganisationId
      legalBasis
      disclosureAuthorised
      countersignedAt
      createdAt
      respondedAt
      responseDueAt
      serviceDueAt
      completedAt
      declineReason
      outcomeNote
      withdrawReason
      version
    }
  }
`);

export const ReferralPartyQuery = graphql(`
  query ReferralParty($caseId: UUID!) {
    case(id: $caseId) {
      id
      access
    }
  }
`);

export const ReasonCodesQuery = graphql(`
  query ReasonCodes($kind: ReasonKind!) {
    reasonCodes(kind: $kind) {
      code
      labels {
        az
        en
        ru
      }
    }
  }
`);

export const AcceptReferralMutation = graphql(`
  mutation AcceptReferral($input: AcceptReferralInput!) {
    acceptReferral(input: $input) {
      id
      status
      version
    }
  }
`);

export const DeclineReferralMutation = graphql(`
  mutation DeclineReferral($input: DeclineReferralInput!) {
    declineReferral(input: $input) {
      id
      status
      version
    }
  }
`);

export const CompleteReferralMutation = graphql(`
  mutation CompleteReferral($input: CompleteReferralInput!) {
    completeReferral(input: $input) {
      id
      status
      version
    }
  }
`);

export const WithdrawReferralMutation = graphql(`
  mutation WithdrawReferral($input: WithdrawReferralInput!) {
    withdrawReferral(input: $input) {
      id
      status
      version
    }
  }
`);

export const CountersignMutation = graphql(`
  mutation Countersign($referralId: UUID!) {
    countersignLegalOverride(referralId: $referralId) {
      id
      status
      disclosureAuthorised
      version
    }
  }
`);
