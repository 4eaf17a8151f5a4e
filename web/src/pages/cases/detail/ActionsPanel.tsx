import { Grid } from 'antd';
import { CASE_NEXT_ACTIONS, type CaseAction, type EventDetailView } from '../../../../../common/cases';
import { PermitButton } from '../../../components/PermitButton';
import { ACTION, actionLabel, ORDER } from './actions';

/**
 * The event's actions: those the user may do now, and the next steps of its state even when not
 * (disabled, with the reason the server gave). A unit the event was reported up to sees 批示 too.
 */
export function ActionsPanel({ e, receivedDirectReport, leader, onAction }: {
  e: EventDetailView;
  receivedDirectReport: boolean;
  leader: boolean;
  onAction: (a: CaseAction) => void;
}) {
  const narrow = !Grid.useBreakpoint().md;
  const next = CASE_NEXT_ACTIONS[e.status];
  const shown = ORDER.filter((a) => {
    if (e.can[a]) return true;
    if (e.status === 'closed' || e.archived) return false;
    if (a === 'instruct') return receivedDirectReport && !leader;
    // A reply waiting for review: its author sees why they cannot approve it themselves.
    if (a === 'approveReply') return !!e.replyDraft;
    return next.includes(a) && !!e.why[a];
  });
  return (
    <div data-testid="case-actions" style={narrow ? { display: 'grid', gap: 8 } : { display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'flex-start' }}>
      {shown.map((a) => (
        <PermitButton
          key={a}
          permits={e}
          action={a}
          explain
          size={narrow ? 'large' : undefined}
          block={narrow}
          type={e.can[a] && next.includes(a) && !ACTION[a].danger ? 'primary' : 'default'}
          danger={ACTION[a].danger}
          onClick={() => onAction(a)}
        >
          {actionLabel(a, e)}
        </PermitButton>
      ))}
    </div>
  );
}
