import { Button, Modal, Steps, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Role } from '../../../common/roles';
import { dismissFirstSteps } from './FirstSteps';

/** What each role does first: a page of the menu and what to do there. */
const FIRST_STEPS: Record<Role, { to: string; what: string }[]> = {
  admin: [
    { to: '/units', what: '在“单位管理”建好本单位的下级单位(乡镇、部门、村社区)' },
    { to: '/import', what: '用“批量导入”一次导入人员和账号，或在“人员”“账号”逐个添加' },
    { to: '/leading-group', what: '在“领导小组与责任分工”登记组长、副组长和成员' },
    { to: '/calendar', what: '在“工作日历”核对节假日和调休，提醒按工作日计算' },
  ],
  secadmin: [
    { to: '/security', what: '在“安全策略”设定密码、锁定和双因素认证的规则' },
    { to: '/accounts', what: '在“账号”为忘记密码或被锁定的人解锁、重置' },
  ],
  auditadmin: [
    { to: '/audit', what: '在“审计日志”查看谁在何时做了什么，并校验日志未被改动' },
  ],
  leader: [
    { to: '/', what: '首页最上方是等您处理的事：待销号的整改、待阅示的直报' },
    { to: '/rectification', what: '在“整改”查看责任单位报告的完成情况和照片，销号或退回' },
    { to: '/cases/direct-reports', what: '在“直报”阅示下级报送的舆情事件' },
    { to: '/tasks', what: '在“任务台账”看各单位任务进度和逾期情况' },
  ],
  staff: [
    { to: '/tasks', what: '在“任务台账”登记本单位的任务，或派发给下级单位' },
    { to: '/activities', what: '在“活动台账”记录中心组学习、培训和会议，附照片和签到表' },
    { to: '/cases', what: '在“舆情诉求”登记群众反映的问题并跟进办理' },
    { to: '/documents', what: '到期末在“文稿生成”用台账数据生成工作总结' },
  ],
  liaison: [
    { to: '/tasks', what: '在“任务台账”打开上级派发的任务，点“报送进展”，可用手机拍照作佐证' },
    { to: '/activities', what: '在“活动台账”记录本单位的学习和宣传活动' },
    { to: '/cases', what: '群众反映的问题在“舆情诉求”登记，上级会接着办理' },
    { to: '/notifications', what: '右上角的铃铛和“消息提醒”告诉您哪些事快到期了' },
  ],
  inspector: [
    { to: '/rectification', what: '在“整改”查看各单位的整改，核实后销号或退回' },
    { to: '/tasks', what: '在“任务台账”勾选“只看逾期”，督促逾期的单位' },
    { to: '/packs', what: '在“迎检材料包”按单位和期间生成检查所需的材料' },
  ],
};

/**
 * "先做什么" for the account's role, each step a link to its page (only pages this user's menu
 * shows). Opened from the first-use bar on the home page or the user menu's "使用指引".
 */
export default function FirstStepsGuide({ accountId, role, shows, open, onClose }: {
  accountId: string; role: Role; shows: (path: string) => boolean; open: boolean; onClose: () => void;
}) {
  const steps = FIRST_STEPS[role].filter((s) => shows(s.to));
  const done = () => {
    dismissFirstSteps(accountId);
    onClose();
  };
  return (
    <Modal open={open} title="先做什么" onCancel={done} footer={<Button type="primary" onClick={done}>知道了</Button>} data-testid="first-steps">
      <Typography.Paragraph type="secondary">第一次使用，可以按下面的顺序开始。以后可在右上角姓名下的“使用指引”再次打开。</Typography.Paragraph>
      <Steps direction="vertical" size="small" current={-1}
        items={steps.map((s) => ({ title: <Link to={s.to} onClick={done}>{s.what}</Link> }))} />
    </Modal>
  );
}

