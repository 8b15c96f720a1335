import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** RiskAssessmentSource values (libs/domain case.ts), frozen here. */
export const RISK_ASSESSMENT_SOURCE_VALUES = ['INSTRUMENT', 'DOST_INTERVIEW'] as const;

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/**
 * The DOST interview's risk level becomes an assessment like the instrument's (issue 16): it re-plans the case's
 * follow-ups and a rise to HIGH asks for a risk conference through the same path. An interview assessment has a level
 * and no instrument answers, score or version; an instrument assessment has all three.
 */
export class InterviewRiskAssessments1797500000000 implements MigrationInterface {
  name = 'InterviewRiskAssessments1797500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE risk_assessments
        ADD COLUMN source text NOT NULL DEFAULT 'INSTRUMENT'
          CONSTRAINT ck_risk_assessments_source CHECK (source IN (${list(RISK_ASSESSMENT_SOURCE_VALUES)})),
        ALTER COLUMN answers_enc DROP NOT NULL,
        ALTER COLUMN score DROP NOT NULL,
        ALTER COLUMN instrument_version DROP NOT NULL,
        ADD CONSTRAINT ck_risk_assessments_source_fields CHECK (
          (source = 'INSTRUMENT') = (answers_enc IS NOT NULL AND score IS NOT NULL AND instrument_version IS NOT NULL)
          AND (source = 'INSTRUMENT' OR (answers_enc IS NULL AND score IS NULL AND instrument_version IS NULL)))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // Interview assessments cannot be expressed before this migration: they go (with the conferences they asked for).
    await q.query(`
      DELETE FROM risk_conferences WHERE assessment_id IN (SELECT id FROM risk_assessments WHERE source = 'DOST_INTERVIEW')`);
    await q.query(`DELETE FROM risk_assessments WHERE source = 'DOST_INTERVIEW'`);
    await q.query(`
      ALTER TABLE risk_assessments
        DROP CONSTRAINT ck_risk_assessments_source_fields,
        DROP COLUMN source,
        ALTER COLUMN answers_enc SET NOT NULL,
        ALTER COLUMN score SET NOT NULL,
        ALTER COLUMN instrument_version SET NOT NULL`);
  }
}
