import { Button, type ButtonProps, Tooltip } from 'antd';
import type { Permits } from '../../../common/platform';

/**
 * One action of a record as a button, from the record's `can`/`why` (the module's policy on the
 * server): enabled when allowed, otherwise disabled with the reason as its tooltip, and with
 * `explain` also written beneath it (where a user on a phone cannot hover).
 */
export function PermitButton<A extends string>({ permits, action, explain, block, children, ...button }: ButtonProps & {
  permits: Permits<A>;
  action: A;
  explain?: boolean;
}) {
  const allowed = permits.can[action];
  const why = allowed ? undefined : permits.why[action];
  const b = <Button block={block} {...button} disabled={!allowed || button.disabled}>{children}</Button>;
  if (!why) return b;
  return (
    <div>
      {/* A disabled button swallows the hover: the wrapper carries the tooltip. */}
      <Tooltip title={why}><span style={{ display: block ? 'block' : 'inline-block' }}>{b}</span></Tooltip>
      {explain && <div style={{ fontSize: 12, color: '#595959', marginTop: 2, maxWidth: block ? undefined : 200 }}>{why}</div>}
    </div>
  );
}
