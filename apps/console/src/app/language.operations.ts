import { graphql } from '../gql';

export const MyLanguageQuery = graphql(`
  query MyLanguage {
    notificationSettings {
      email
      language
    }
  }
`);

export const SetMyLanguageMutation = graphql(`
  mutation SetMyLanguage($input: SetNotificationContactInput!) {
    setNotificationContact(input: $input) {
      email
      language
    }
  }
`);
