import { graphql } from '../../gql';

export const VerifyAuditChainQuery = graphql(`
  query VerifyAuditChain {
    verifyAuditChain {
      intact
      chainsChecked
      eventsChecked
      checkpointStatus
      checkpointTakenAt
      breaks {
        chainId
        seq
        reason
        eventId
      }
    }
  }
`);
