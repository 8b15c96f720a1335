import { graphql } from '../../gql';

export const CaseloadQuery = graphql(`
  query Caseload($assignment: CaseloadAssignment!, $first: Int!, $after: String) {
    caseload(assignment: $assignment, first: $first, after: $after) {
      edges {
        cursor
        node {
          caseId
          caseCode
          status
          riskLevel
          openedAt
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);
