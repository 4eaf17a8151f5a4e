import { Card, Space, Typography } from 'antd';
import type { ReactNode } from 'react';

/**
 * A record's page: one card with its title, a bar of tags and actions, and its fields (`head`),
 * then the page's other cards (files, history …).
 */
export function DetailPage({ title, bar, head, children }: { title: ReactNode; bar: ReactNode; head?: ReactNode; children?: ReactNode }) {
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>{title}</Typography.Title>
        <Space wrap style={{ marginBottom: 12 }}>{bar}</Space>
        {head}
      </Card>
      {children}
    </Space>
  );
}
