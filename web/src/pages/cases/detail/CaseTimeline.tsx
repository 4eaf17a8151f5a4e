import { Card, Timeline, Typography } from 'antd';
import { CASE_LEVEL_LABELS, type EventDetailView, FOLLOWUP_LABELS, VERIFICATION_LABELS } from '../../../../../common/cases';
import { StepTime } from '../LateEntry';

type Step = EventDetailView['steps'][number];

/** 办理经过: every step in time order; instructions (批示) stand out in red. */
export function CaseTimeline({ steps }: { steps: Step[] }) {
  return (
    <Card title="办理经过" size="small">
      <Timeline
        items={orderSteps(steps).map((s) => {
          const instruction = s.step === 'instruct';
          return {
            color: instruction ? 'red' : s.step === 'return' || s.step === 'reject_close' ? 'orange' : s.step === 'approve_close' || s.step === 'close' ? 'green' : 'blue',
            children: (
              <div style={instruction ? { background: '#fff1f0', border: '1px solid #ffa39e', borderRadius: 6, padding: '6px 10px' } : undefined}>
                <div><Typography.Text strong style={instruction ? { color: '#cf1322' } : undefined}>{s.label}</Typography.Text> <Typography.Text type="secondary">{s.actorUnitName ? `${s.actorUnitName} ` : ''}{s.actorName} · <StepTime s={s} /></Typography.Text></div>
                {stepDetail(s)}
                {s.comment && <div style={{ whiteSpace: 'pre-wrap' }}>{s.comment}</div>}
              </div>
            ),
          };
        })}
      />
    </Card>
  );
}

/** The steps in time order; the system's 直报 row written with a triage reads after that triage. */
function orderSteps(steps: Step[]) {
  const rank = (s: Step) => (s.step === 'direct_report' ? 1 : 0);
  return steps.map((s, i) => ({ s, i })).sort((a, b) => a.s.at.localeCompare(b.s.at) || rank(a.s) - rank(b.s) || a.i - b.i).map((x) => x.s);
}

/** The structured part of a timeline step, in words. */
function stepDetail(s: Step) {
  const d = s.data ?? {};
  switch (s.step) {
    case 'triage': return <div>等级：{CASE_LEVEL_LABELS[d.level as keyof typeof CASE_LEVEL_LABELS] ?? '—'}，分类：{String(d.category ?? '—')}，责任单位：{String(d.handlingUnitName ?? '—')}</div>;
    case 'assign': return <div>{String(d.fromName ?? '')} → {String(d.toName ?? '')}</div>;
    case 'return': return <div>{String(d.fromName ?? '')} 退回 {String(d.toName ?? '')}，原因：</div>;
    case 'verify': return <div>核实结果：{VERIFICATION_LABELS[d.result as keyof typeof VERIFICATION_LABELS] ?? '—'}</div>;
    case 'respond': return d.measures ? <div><Typography.Text type="secondary">处置措施：</Typography.Text>{String(d.measures)}<br /><Typography.Text type="secondary">公开答复：</Typography.Text></div> : null;
    case 'follow_up': return <div>回访结果：{FOLLOWUP_LABELS[d.result as keyof typeof FOLLOWUP_LABELS] ?? '—'}</div>;
    case 'supervise': return <div>督办时限：{String(d.dueDay ?? '')}</div>;
    default: return null;
  }
}
