import { graphql } from '../../gql';

export const RiskInstrumentQuery = graphql(`
  query RiskInstrument {
    riskInstrument {
      version
      items {
        id
        type
        weight
        redFlagAt
        labels {
          az
          en
          ru
        }
        options {
          value
          weight
          labels {
            az
            en
            ru
          }
        }
      }
      thresholds {
        level
        min
        max
      }
    }
  }
`);

/** The answers are asked for only by the owning organisation (the API refuses them to anyone else). */
export const RiskAssessmentsQuery = graphql(`
  query RiskAssessments($caseId: UUID!, $withAnswers: Boolean!) {
    riskAssessments(caseId: $caseId) {
      id
      assessedAt
      assessorId
      organisationId
      source
      instrumentVersion
      level
      previousLevel
      score
      redFlags
      answers @include(if: $withAnswers) {
        item
        value
      }
      conference {
        id
        requestedAt
        outcome
        outcomeRecordedAt
      }
    }
  }
`);

export const AssessRiskMutation = graphql(`
  mutation AssessRisk($input: AssessRiskInput!) {
    assessRisk(input: $input) {
      id
      level
      score
      redFlags
    }
  }
`);

export const RecordRiskConferenceOutcomeMutation = graphql(`
  mutation RecordRiskConferenceOutcome($input: RecordRiskConferenceOutcomeInput!) {
    recordRiskConferenceOutcome(input: $input) {
      id
      outcome
      outcomeRecordedAt
    }
  }
`);

export const StaffNamesQuery = graphql(`
  query StaffNames($organisationId: UUID!) {
    staffMembers(organisationId: $organisationId) {
      id
      displayName
    }
  }
`);

export const SafetyPlanItemFieldsFragment = graphql(`
  fragment SafetyPlanItemFields on SafetyPlanItem {
    id
    caseId
    action
    status
    dueAt
    reviewAt
    note
    organisationId
    responsibleOrganisationId
    version
  }
`);

export const SafetyPlanQuery = graphql(`
  query SafetyPlan($caseId: UUID!) {
    safetyPlan(caseId: $caseId) {
      ...SafetyPlanItemFields
    }
  }
`);

export const AddSafetyPlanItemMutation = graphql(`
  mutation AddSafetyPlanItem($input: AddSafetyPlanItemInput!) {
    addSafetyPlanItem(input: $input) {
      ...SafetyPlanItemFields
    }
  }
`);

export const UpdateSafetyPlanItemMutation = graphql(`
  mutation UpdateSafetyPlanItem($input: UpdateSafetyPlanItemInput!) {
    updateSafetyPlanItem(input: $input) {
      ...SafetyPlanItemFields
    }
  }
`);
