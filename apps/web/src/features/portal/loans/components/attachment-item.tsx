import { Button, Toast } from 'antd-mobile';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

/** What the server accepts (it checks the bytes again): PDF, JPG, PNG up to 10 MB. */
export function attachmentProblem(file: File): 'tooLarge' | 'badType' | null {
  if (file.size > MAX_ATTACHMENT_BYTES) return 'tooLarge';
  return /\.(pdf|jpe?g|png)$/i.test(file.name) ? null : 'badType';
}

/** One document of the application as a form row: its name, the chosen file, and a button to choose. */
export function AttachmentItem({ label, file, onChange, testId }: { label: string; file: File | null; onChange: (f: File | null) => void; testId: string }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="tx-ml-attach">
      <span>{label}</span>
      <span className="tx-ml-attach-name" data-testid={`${testId}-name`}>
        {file?.name ?? ''}
      </span>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        hidden
        data-testid={`${testId}-input`}
        onChange={(e) => {
          const f = e.target.files?.[0] ?? null;
          e.target.value = '';
          if (!f) return;
          const problem = attachmentProblem(f);
          if (problem) {
            Toast.show({ icon: 'fail', content: t(`portalLoans.apply.${problem}`) });
            return;
          }
          onChange(f);
        }}
      />
      <Button size="mini" color="primary" fill="outline" onClick={() => input.current?.click()} data-testid={testId}>
        {file ? t('portalLoans.apply.change') : t('portalLoans.apply.choose')}
      </Button>
    </div>
  );
}
