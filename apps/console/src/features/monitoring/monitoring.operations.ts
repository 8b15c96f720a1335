import { graphql } from '../../gql';

export const RegionCasesQuery = graphql(`
  query RegionCases($first: Int!, $after: String, $filter: RegionCaseFilterInput) {
    regionCases(first: $first, after: $after, filter: $filter) {
      totalCount
      edges {
        node {
          caseId
          caseCode
          category
          riskLevel
          status
          openedAt
          openReferrals
          overdueReferrals
          escalatedReferrals
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export const AgencyPerformanceQuery = graphql(`
  query AgencyPerformance {
    agencyPerformance {
      organisationId
      organisationName
      organisationType
      received
      accepted
      declined
      completed
      completedOnTime
      respondedOnTime
      expired
      escalated
      overdueNow
      pending
      withdrawn
      medianResponseMinutes
    }
  }
`);

export const ContactStatisticsQuery = graphql(`
  query ContactStatistics {
    contactStatistics {
      from
      to
      total
      anonymous
      byCategory {
        key
        count
        suppressed
      }
      byChannel {
        key
        count
        suppressed
      }
      byCallerType {
        key
        count
        suppressed
      }
      byChildAgeBand {
        key
        count
        suppressed
      }
    }
  }
`);

export const RiskStatisticsQuery = graphql(`
  query RiskStatistics {
    riskStatistics {
      from
      to
      assessments
      ordersIssued
      ordersExpiring
      ordersBreached
      assessmentsByLevel {
        key
        count
        suppressed
      }
      ordersIssuedByKind {
        key
        count
        suppressed
      }
    }
  }
`);
