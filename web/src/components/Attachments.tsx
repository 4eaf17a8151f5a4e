import { DeleteOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Image, List, Popconfirm, Space, Upload } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { showError } from './errors';
import { useLoad } from './useLoad';

/** Pictures the browser shows: these get a thumbnail and open in the viewer. */
export const isPicture = (mime: string) => /^image\/(png|jpe?g|gif|webp|bmp)$/.test(mime);

const size = (n: number) => (n > 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/** The files attached to one record: upload (type checked by the server), download, remove; photos as thumbnails that open in a viewer. */
export function Attachments({ entity, entityId, title, canUpload }: { entity: string; entityId: string; title: string; canUpload: boolean }) {
  const { message } = App.useApp();
  const { data, reload } = useLoad(() => api.files(entity, entityId), [entity, entityId]);
  const [busy, setBusy] = useState(false);
  return (
    <Card
      title={title}
      size="small"
      extra={
        canUpload && (
          <Upload
            showUploadList={false}
            customRequest={async ({ file }) => {
              setBusy(true);
              try {
                await api.upload(entity, entityId, file as File);
                message.success('已上传');
                await reload();
              } catch (err) {
                showError(err, message);
              } finally {
                setBusy(false);
              }
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy}>上传文件</Button>
          </Upload>
        )
      }
    >
      {(data?.items ?? []).some((f) => isPicture(f.mime)) && (
        // A leader signing off on a phone sees the evidence itself, not only its file name.
        <Image.PreviewGroup>
          <Space wrap size={8} style={{ marginBottom: 8 }} data-testid="attachment-photos">
            {(data?.items ?? []).filter((f) => isPicture(f.mime)).map((f) => (
              <Image key={f.id} src={`/api/files/${f.id}/download`} alt={f.filename} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 4 }}
                preview={{ mask: '查看' }} />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
      <List
        size="small"
        locale={{ emptyText: '暂无文件。可上传 pdf、Word、Excel、图片、OFD 或 zip，单个不超过服务器设定的大小。' }}
        dataSource={data?.items ?? []}
        renderItem={(f) => (
          <List.Item
            actions={[
              <a key="d" href={`/api/files/${f.id}/download`}><DownloadOutlined /> 下载</a>,
              canUpload && (
                <Popconfirm key="x" title="删除该文件？" okText="删除" cancelText="取消" onConfirm={async () => {
                  try {
                    await api.archiveFile(f.id);
                    await reload();
                  } catch (err) {
                    showError(err, message);
                  }
                }}>
                  <a><DeleteOutlined /> 删除</a>
                </Popconfirm>
              ),
            ].filter(Boolean)}
          >
            {f.filename} <span style={{ color: '#595959' }}>({size(f.size)})</span>
          </List.Item>
        )}
      />
    </Card>
  );
}
