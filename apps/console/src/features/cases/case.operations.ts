import { graphql } from '../../gql';

export const FindDuplicatesQuery = graphql(`
  query FindDuplicates($fullName: String, $phone: String) {
    findPossibleDuplicates(fullName: $fullName, phone: $phone) {
      caseId
      caseCode
      matchedOn
      openedAt
      status
    }
  }
`);

export const OpenCaseMutation = graphql(`
  mutation OpenCase($input: OpenCaseInput!) {
    openCase(input: $input) {
      id
      caseCode
    }
  }
`);

/** What the case page shows of a case: read normally, or once under break-glass. */
export const CaseSummaryFragment = graphql(`
  fragment CaseSummary on Case {
    id
    caseCode
    access
    dataProfile
    category
    status
    riskLevel
    isChild
    region
    openedAt
    closedAt
    incidentDate
    incidentPlaceType
    owningOrganisationId
    version
    survivor {
      id
      fullName
      dateOfBirth
      phone
      address
      narrative
      healthNotes
    }
  }
`);

export const CaseQuery = graphql(`
  query CasePage($id: UUID!) {
    case(id: $id) {
      ...CaseSummary
    }
  }
`);

export const CaseTimelineQuery = graphql(`
  query CaseTimeline($caseId: UUID!) {
    caseTimeline(caseId: $caseId) {
      id
      kind
      occurredAt
      organisationId
      referralId
    }
  }
`);

export const CaseReferralsQuery = graphql(`
  query CaseReferrals($caseId: UUID!) {
    caseReferrals(caseId: $caseId) {
      id
      status
      serviceType
      purpose
      dataCategories
      toOrganisationId
      fromOrganisationId
      consentId
      legalBasis
      disclosureAuthorised
      responseDueAt
      createdAt
      version
    }
  }
`);

export const AccessLogQuery = graphql(`
  query CaseAccessLog($subjectId: UUID!) {
    accessLog(subjectId: $subjectId) {
      id
      action
      actorId
      organisationId
      occurredAt
      breakGlass
      fields
    }
  }
`);

export const DirectoryQuery = graphql(`
  query Directory($type: OrganisationType, $region: String) {
    organisations(type: $type, region: $region) {
      id
      name
      names {
        az
        en
        ru
      }
      type
      region
      services
      acceptsReferrals
    }
  }
`);

export const RequestCaseClosureMutation = graphql(`
  mutation RequestCaseClosure($caseId: UUID!, $expectedVersion: Int!) {
    requestCaseClosure(caseId: $caseId, expectedVersion: $expectedVersion) {
      id
      status
      closedAt
      version
    }
  }
`);

export const ApproveCaseClosureMutation = graphql(`
  mutation ApproveCaseClosure($caseId: UUID!) {
    approveCaseClosure(caseId: $caseId) {
      id
      status
      closedAt
      version
    }
  }
`);

export const BreakGlassReadCaseMutation = graphql(`
  mutation BreakGlassReadCase($caseId: UUID!, $justification: String!) {
    breakGlassReadCase(caseId: $caseId, justification: $justification) {
      ...CaseSummary
    }
  }
`);

/** The case's workers (every organisation's to the owner, your own organisation's otherwise). */
export const CaseWorkersQuery = graphql(`
  query CaseWorkers($id: UUID!) {
    case(id: $id) {
      id
      assignedWorkers {
        staffId
        displayName
        organisationId
        assignedAt
      }
    }
  }
`);

/** The members of your organisation a supervisor may pick from (the API checks their roles on assignment). */
export const AssignableStaffQuery = graphql(`
  query AssignableStaff($organisationId: UUID!) {
    staffMembers(organisationId: $organisationId) {
      id
      displayName
      active
      roles
    }
  }
`);

export const AssignCaseMutation = graphql(`
  mutation AssignCase($input: AssignCaseInput!) {
    assignCase(input: $input) {
      caseId
      organisationId
      workerIds
    }
  }
`);

export const UnassignCaseMutation = graphql(`
  mutation UnassignCase($input: UnassignCaseInput!) {
    unassignCase(input: $input) {
      caseId
      organisationId
      workerIds
    }
  }
`);
