import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Steps, Table, Tabs, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, type ImportPreview } from '../../api/client';
import { useSubmit } from '../../components/useSubmit';

const errorsCol = {
  title: '问题', dataIndex: 'errors', key: 'errors',
  render: (e: string[]) => (e.length ? <span style={{ color: '#cf1322' }}>{e.join('；')}</span> : <span style={{ color: '#389e0d' }}>无</span>),
};

/** Download the template, fill it in, preview every row's problems, then import all or nothing. */
export default function Import() {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const { busy, submit } = useSubmit();
  const [done, setDone] = useState<{ unitsCreated: number; peopleCreated: number } | null>(null);

  const check = (f: File) => {
    setFile(f);
    setDone(null);
    setPreview(null);
    return submit(async () => setPreview(await api.importPreview(f, false)));
  };
  const commit = () => submit(async () => {
    if (!file) return;
    const r = await api.importPreview(file, true);
    setDone({ unitsCreated: r.unitsCreated ?? 0, peopleCreated: r.peopleCreated ?? 0 });
    setPreview(null);
    setFile(null);
  });
  const bad = preview ? preview.units.filter((r) => r.errors.length).length + preview.people.filter((r) => r.errors.length).length : 0;

  return (
    <Card title="批量导入单位和人员">
      <Steps size="small" current={done ? 3 : preview ? 2 : file ? 1 : 0} style={{ marginBottom: 16 }} items={[{ title: '下载模板' }, { title: '上传文件' }, { title: '检查' }, { title: '导入' }]} />
      <Space direction="vertical" style={{ width: '100%' }} size={16}>
        <Typography.Paragraph>
          先<a href="/api/import/org/template">下载导入模板</a>，按“填写说明”工作表填写“单位”和“人员”两个工作表，再上传。系统会逐行检查，全部无误后才能导入；有任何问题，一条也不会写入。
        </Typography.Paragraph>
        <Upload.Dragger accept=".xlsx" maxCount={1} showUploadList={false} beforeUpload={(f) => { void check(f); return false; }} disabled={busy}>
          <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          <p>点击或拖入填好的 .xlsx 文件</p>
          {file && <p style={{ color: '#666' }}>{file.name}</p>}
        </Upload.Dragger>
        {done && <Alert type="success" showIcon message={`导入完成：新建单位 ${done.unitsCreated} 个，人员 ${done.peopleCreated} 人`} />}
        {preview && (
          <>
            {preview.fileErrors.map((e) => <Alert key={e} type="error" showIcon message={e} />)}
            {preview.valid ? (
              <Alert type="success" showIcon message={`检查通过：单位 ${preview.units.length} 行，人员 ${preview.people.length} 行`} />
            ) : (
              <Alert type="error" showIcon message={`有 ${bad} 行存在问题，请修改文件后重新上传`} />
            )}
            <Tabs
              items={[
                {
                  key: 'units', label: `单位(${preview.units.length})`,
                  children: <Table rowKey="row" size="small" scroll={{ x: 700 }} pagination={{ pageSize: 50 }} dataSource={preview.units}
                    columns={[{ title: '行', dataIndex: 'row', width: 60 }, { title: '单位名称', dataIndex: 'name' }, { title: '上级单位', dataIndex: 'parent' }, { title: '单位类型', dataIndex: 'kind' }, errorsCol]} />,
                },
                {
                  key: 'people', label: `人员(${preview.people.length})`,
                  children: <Table rowKey="row" size="small" scroll={{ x: 700 }} pagination={{ pageSize: 50 }} dataSource={preview.people}
                    columns={[{ title: '行', dataIndex: 'row', width: 60 }, { title: '姓名', dataIndex: 'name' }, { title: '所属单位', dataIndex: 'unit' }, { title: '职务', dataIndex: 'position' }, { title: '电话', dataIndex: 'phone' }, errorsCol]} />,
                },
              ]}
            />
            <Button type="primary" size="large" disabled={!preview.valid} loading={busy} onClick={commit}>确认导入</Button>
          </>
        )}
      </Space>
    </Card>
  );
}
