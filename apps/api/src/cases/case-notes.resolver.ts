import { Inject } from '@nestjs/common';
import { Args, Field, InputType, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import { type GraphQLResolveInfo } from 'graphql';
import { ReadAuditBatcher } from '@lib/audit';
import { type CaseNote, CaseNotesService } from '@lib/cases';
import { type Actor } from '../auth/actor';
import { CurrentActor, type RequestMeta, RequestInfo } from '../auth/current-actor.decorator';
import { ReadAction, readEvent, selectedFields } from '../audit/read-audit';
import { GraphQLUUID } from '../graphql/uuid.scalar';
import { CaseNoteModel } from './case-note.model';

@InputType()
export class AddCaseNoteInput {
  @Field(() => GraphQLUUID)
  caseId!: string;

  @Field({ description: 'Up to 4,000 characters; kept encrypted, shown only to the writing organisation.' })
  body!: string;

  @Field({ description: 'A retry with the same key and note returns the first note instead of adding another.' })
  idempotencyKey!: string;
}

function toModel(note: CaseNote): CaseNoteModel {
  return Object.assign(new CaseNoteModel(), {
    id: note.id,
    caseId: note.caseId,
    authorId: note.authorId,
    createdAt: note.createdAt,
    body: note.body,
  });
}

@Resolver(() => CaseNoteModel)
export class CaseNotesResolver {
  constructor(
    @Inject(CaseNotesService) private readonly notes: CaseNotesService,
    @Inject(ReadAuditBatcher) private readonly reads: ReadAuditBatcher,
  ) {}

  @Query(() => [CaseNoteModel], { description: "The notes the caller's organisation wrote on a case, oldest first." })
  async caseNotes(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Info() info: GraphQLResolveInfo,
    @Args('caseId', { type: () => GraphQLUUID }) caseId: string,
  ): Promise<CaseNoteModel[]> {
    const notes = await this.notes.list(actor, caseId);
    await this.reads.record(
      readEvent(actor, meta, {
        action: ReadAction.CASE_NOTES,
        subjectType: 'case',
        subjectId: caseId,
        caseId,
        fields: selectedFields(info),
      }),
    );
    return notes.map(toModel);
  }

  @Mutation(() => CaseNoteModel, {
    description: 'Adds a note to a case, visible only inside the caller’s organisation (idempotent by key).',
  })
  async addCaseNote(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: AddCaseNoteInput,
  ): Promise<CaseNoteModel> {
    return toModel(await this.notes.add(actor, input, meta));
  }
}
