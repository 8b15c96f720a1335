import { graphql } from '../gql';

export const MeQuery = graphql(`
  query Me {
    me {
      id
      displayName
      roles
      supervisorId
      preferredLanguage
      organisation {
        id
        name
        type
      }
    }
  }
`);
