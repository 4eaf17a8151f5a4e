import { ImportOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { request } from '../api/client';
import { useSubmit } from './useSubmit';

/** What the server's sheet import answers (server/platform/sheet-import.ts). */
export interface SheetPreview {
  valid: boolean;
  total: number;
  columns: string[];
  rows: { row: number; cells: Record<string, string>; errors: string[] }[];
  fileErrors: string[];
  problemCount: number;
}

function send(path: string, file: File, commit: boolean) {
  const form = new FormData();
  form.append('file', file);
  return request<SheetPreview & { imported?: number }>('POST', `${path}?commit=${commit}`, { form });
}

/**
 * 导入 button for a register: download the template, pick the filled file, see every row's
 * problems, then import all rows or none.
 */
export function SheetImport({ path, title, onDone }: { path: string; title: string; onDone?: () => void }) {
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<SheetPreview | null>(null);
  const { busy, submit, message } = useSubmit();

  const reset = () => {
    setFile(null);
    setPreview(null);
  };
  const check = (f: File) => {
    setFile(f);
    setPreview(null);
    return submit(async () => setPreview(await send(path, f, false)));
  };
  const commit = () => submit(async () => {
    if (!file) return;
    const r = await send(path, file, true);
    message.success(`已导入 ${r.imported ?? 0} 条`);
    setOpen(false);
    reset();
    onDone?.();
  });
  const badRows = preview ? preview.rows.filter((r) => r.errors.length).length : 0;
  const columns = [
    { title: '行', dataIndex: 'row', width: 56, fixed: 'left' as const },
    ...(preview?.columns ?? []).map((c) => ({ title: c, key: c, ellipsis: true, width: 140, render: (_: unknown, r: SheetPreview['rows'][number]) => r.cells[c] })),
    {
      title: '问题', key: 'errors', width: 260,
      render: (_: unknown, r: SheetPreview['rows'][number]) =>
        r.errors.length ? <span style={{ color: '#cf1322' }}>{r.errors.join('；')}</span> : <span style={{ color: '#389e0d' }}>无</span>,
    },
  ];

  return (
    <>
      <Button icon={<ImportOutlined />} onClick={() => setOpen(true)}>导入</Button>
      <Modal
        title={title}
        open={open}
        width={960}
        onCancel={() => { setOpen(false); reset(); }}
        footer={[
          <Button key="cancel" onClick={() => { setOpen(false); reset(); }}>取消</Button>,
          <Button key="ok" type="primary" disabled={!preview?.valid} loading={busy} onClick={commit}>
            {preview?.valid ? `确认导入 ${preview.total} 条` : '确认导入'}
          </Button>,
        ]}
        destroyOnHidden
      >
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            先<a href={`${path}/template`}>下载导入模板</a>，按“填写说明”填写后上传。系统逐行检查，全部无误才能导入；有任何问题，一条也不会写入。
          </Typography.Paragraph>
          <Upload.Dragger accept=".xlsx" maxCount={1} showUploadList={false} disabled={busy} beforeUpload={(f) => { void check(f); return false; }}>
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p>点击或拖入填好的 .xlsx 文件</p>
            {file && <p style={{ color: '#666' }}>{file.name}</p>}
          </Upload.Dragger>
          {preview?.fileErrors.map((e) => <Alert key={e} type="error" showIcon message={e} />)}
          {preview && (preview.valid
            ? <Alert type="success" showIcon message={`检查通过：共 ${preview.total} 行`} />
            : <Alert type="error" showIcon message={`${badRows} 行有问题(共 ${preview.problemCount} 处)，请修改文件后重新上传`} />)}
          {preview && preview.rows.length > 0 && (
            <Table rowKey="row" size="small" scroll={{ x: 'max-content', y: 360 }} pagination={{ pageSize: 50, showSizeChanger: false }}
              dataSource={[...preview.rows].sort((a, b) => (b.errors.length ? 1 : 0) - (a.errors.length ? 1 : 0) || a.row - b.row)} columns={columns} />
          )}
        </Space>
      </Modal>
    </>
  );
}
