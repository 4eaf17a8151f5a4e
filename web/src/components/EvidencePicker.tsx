import { CameraOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Space, Upload, type UploadFile } from 'antd';

/** A phone or tablet: a touch screen is the main pointer. */
const touchDevice = () => typeof window !== 'undefined' && window.matchMedia?.('(pointer: coarse)').matches;

/**
 * Files to send with a form (kept until it is saved): "选择文件", and on a phone also "拍照", which
 * opens the camera (accept="image/*" capture) and adds the photo to the same list.
 */
export function EvidencePicker({ files, setFiles, accept }: { files: UploadFile[]; setFiles: (f: UploadFile[]) => void; accept?: string }) {
  const camera = touchDevice();
  return (
    <Space align="start" wrap>
      <Upload multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)} accept={accept}>
        <Button icon={<UploadOutlined />}>选择文件</Button>
      </Upload>
      {camera && (
        <Upload showUploadList={false} accept="image/*" capture="environment"
          beforeUpload={(f) => { setFiles([...files, { uid: f.uid, name: f.name, size: f.size, type: f.type, originFileObj: f, status: 'done' }]); return false; }}>
          <Button icon={<CameraOutlined />}>拍照</Button>
        </Upload>
      )}
    </Space>
  );
}
