/** The record's satisfaction survey: 1–5 stars per dimension and a comment, answered once. */
import { Button, Card, Form, Input, Rate, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../shared/api.js';
import { useBundleText } from '../shared/bundle-texts.js';
import { useI18n } from '../shared/i18n/index.js';
import { useApi } from '../shared/use-api.js';

interface Survey {
  status: 'open' | 'answered' | 'auto-rated' | 'expired';
  dimensions: Array<{ id: string; titleKey: string }>;
  commentMaxLength: number | null;
  ratings: Record<string, number> | null;
}

export function SurveyCard({ recordPath }: { recordPath: string }) {
  const { t } = useI18n();
  const text = useBundleText();
  const { data, reload } = useApi<{ survey: Survey | null }>(`${recordPath}/survey`);
  const [ratings, setRatings] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const survey = data?.survey;
  if (!survey || survey.status === 'expired') return null;

  if (survey.status !== 'open') {
    return (
      <Card size="small" title={t('ticket.survey')} data-survey={survey.status}>
        <Typography.Paragraph>{t('ticket.surveyThanks')}</Typography.Paragraph>
        {survey.dimensions.map((d) => (
          <div key={d.id}>
            {text(undefined, d.titleKey)}: <Rate disabled value={survey.ratings?.[d.id] ?? 0} />
          </div>
        ))}
      </Card>
    );
  }

  const complete = survey.dimensions.every((d) => ratings[d.id]);
  async function send() {
    setBusy(true);
    setError(null);
    try {
      await api(`${recordPath}/survey`, { method: 'POST', body: { ratings, ...(comment.trim() ? { comment: comment.trim() } : {}) } });
      reload();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title={t('ticket.survey')} data-survey="open">
      <Form layout="vertical" onFinish={() => void send()}>
        {survey.dimensions.map((d) => (
          <Form.Item key={d.id} label={<span id={`rate-${d.id}`}>{text(undefined, d.titleKey)}</span>}>
            <Rate aria-labelledby={`rate-${d.id}`} data-dimension={d.id} value={ratings[d.id] ?? 0} onChange={(value) => setRatings((r) => ({ ...r, [d.id]: value }))} />
          </Form.Item>
        ))}
        {survey.commentMaxLength !== 0 && (
          <Form.Item label={t('ticket.surveyComment')} htmlFor="survey-comment">
            <Input.TextArea id="survey-comment" value={comment} onChange={(e) => setComment(e.target.value)} maxLength={survey.commentMaxLength ?? 2000} />
          </Form.Item>
        )}
        {error && <Typography.Text type="danger" role="alert">{error}</Typography.Text>}
        <Button type="primary" htmlType="submit" disabled={!complete} loading={busy}>{t('ticket.surveySend')}</Button>
      </Form>
    </Card>
  );
}
