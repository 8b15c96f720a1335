import { graphql } from '../../gql';

export const CaseNotesQuery = graphql(`
  query CaseNotes($caseId: UUID!) {
    caseNotes(caseId: $caseId) {
      id
      caseId
      authorId
      body
      createdAt
    }
  }
`);

export const AddCaseNoteMutation = graphql(`
  mutation AddCaseNote($input: AddCaseNoteInput!) {
    addCaseNote(input: $input) {
      id
      caseId
      authorId
      body
      createdAt
    }
  }
`);
