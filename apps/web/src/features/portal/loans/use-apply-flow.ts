import type { Loan, Problem } from '@tongxing/contracts';
import { useState } from 'react';
import { ProblemError } from '../../../shared/api-client';
import { useCreateLoan, useLoanAction, usePatchLoan, useUploadAttachment, type AttachmentKind, type LoanApplyInput } from './portal-loans-api';

export interface EligibilityReason {
  code: string;
  zh: string;
  en: string;
}

export type ApplyOutcome = { kind: 'submitted'; loan: Loan } | { kind: 'refused'; reasons: EligibilityReason[]; reference: string };

/** Server field paths → the apply form's fields (money is typed in yuan there, so the names differ). */
const formFieldOf: Record<string, string> = {
  productId: 'product',
  amountFen: 'amount',
  termMonths: 'term',
  enterpriseFoundedOn: 'foundedOn',
  enterpriseEmployees: 'employees',
  jobsExpected: 'jobs',
  declaresNoBadCredit: 'declares',
};

/** The same problem with its field paths renamed to the form's, so errors land under the right rows. */
export function onFormFields(err: unknown): unknown {
  if (!(err instanceof ProblemError) || !err.problem.errors) return err;
  const problem: Problem = { ...err.problem, errors: err.problem.errors.map((e) => ({ ...e, path: formFieldOf[e.path] ?? e.path })) };
  return new ProblemError(problem);
}

export function eligibilityReasons(err: unknown): EligibilityReason[] | null {
  if (!(err instanceof ProblemError) || !err.is('LOAN_NOT_ELIGIBLE')) return null;
  const reasons = err.problem.params?.['reasons'];
  return Array.isArray(reasons) ? (reasons as EligibilityReason[]) : [];
}

/**
 * Applying is three calls: the application as a draft (so documents have a loan to belong to), each
 * document, then submit, where eligibility is checked. A refusal keeps the draft; trying again updates
 * that draft and uploads only the documents not sent yet, so nothing is duplicated.
 */
export function useApplyFlow() {
  const create = useCreateLoan();
  const patch = usePatchLoan();
  const uploadOne = useUploadAttachment();
  const action = useLoanAction();
  const [draft, setDraft] = useState<Loan | null>(null);
  const [sent, setSent] = useState<Map<AttachmentKind, File>>(new Map());
  const [phase, setPhase] = useState<'idle' | 'saving' | 'uploading' | 'submitting'>('idle');

  const run = async (input: Omit<LoanApplyInput, 'submit'>, files: Partial<Record<AttachmentKind, File | null>>): Promise<ApplyOutcome> => {
    try {
      setPhase('saving');
      let loan = draft;
      if (!loan) {
        loan = await create.mutateAsync({ ...input, submit: false });
        setDraft(loan);
      } else {
        loan = await patch.mutateAsync({ id: loan.id, patch: { ...input, version: loan.version } });
        setDraft(loan);
      }
      setPhase('uploading');
      const uploaded = new Map(sent);
      for (const [kind, file] of Object.entries(files) as [AttachmentKind, File | null][]) {
        if (!file || uploaded.get(kind) === file) continue;
        await uploadOne.mutateAsync({ loanId: loan.id, kind, file });
        uploaded.set(kind, file);
        setSent(new Map(uploaded));
      }
      setPhase('submitting');
      try {
        const submitted = await action.mutateAsync({ id: loan.id, action: 'submit' });
        return { kind: 'submitted', loan: submitted };
      } catch (err) {
        const reasons = eligibilityReasons(err);
        if (reasons) return { kind: 'refused', reasons, reference: loan.reference };
        throw err;
      }
    } finally {
      setPhase('idle');
    }
  };

  return { run, phase, busy: phase !== 'idle', draft };
}
