import { ArrowLeftOutlined, ArrowRightOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Image, Space, Spin, Tooltip, Upload } from 'antd';
import { useRef, useState } from 'react';
import { errorText } from './errors';
import { IMAGE_TYPES, imageProblem, uploadImage, type ImageItem } from './upload';

export type { ImageItem };

interface Props {
  value?: ImageItem[];
  onChange?(value: ImageItem[]): void;
  /** at most this many images */
  max: number;
  /** the accessible name of the file input, e.g. 商品图片 */
  label: string;
}

function move<T>(list: T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

/**
 * Images uploaded through the API (`POST /api/admin/uploads/images`), in order: the first is the cover.
 * Each can move left or right and be removed; files are checked for type and size before they are sent.
 */
export function ImageListInput({ value = [], onChange, max, label }: Props) {
  const { message } = App.useApp();
  const [uploading, setUploading] = useState(0);
  const room = max - value.length - uploading;
  // the latest list, so that several files picked at once append to each other
  const latest = useRef(value);
  latest.current = value;

  async function add(file: File) {
    const problem = imageProblem(file);
    if (problem) {
      message.error(`${file.name}：${problem}`);
      return;
    }
    setUploading((n) => n + 1);
    try {
      const stored = await uploadImage(file);
      latest.current = [...latest.current, { ref: stored.key, url: stored.url }];
      onChange?.(latest.current);
    } catch (e) {
      message.error(`${file.name} 上传失败：${errorText(e)}`);
    } finally {
      setUploading((n) => n - 1);
    }
  }

  return (
    <Space wrap size={12} align="start">
      {value.map((item, i) => (
        <div key={`${item.ref}-${i}`} className="image-list-item" data-testid="image-list-item">
          <Image
            src={item.url}
            width={104}
            height={104}
            style={{ objectFit: 'cover', borderRadius: 6, border: '1px solid #f0f0f0' }}
          />
          <div style={{ display: 'flex', justifyContent: 'space-between', width: 104, marginTop: 4 }}>
            <Tooltip title="前移">
              <Button
                size="small"
                type="text"
                aria-label={`第 ${i + 1} 张前移`}
                icon={<ArrowLeftOutlined />}
                disabled={i === 0}
                onClick={() => onChange?.(move(value, i, i - 1))}
              />
            </Tooltip>
            <span style={{ fontSize: 12, color: '#888', lineHeight: '24px' }}>
              {max > 1 && i === 0 ? '封面' : i + 1}
            </span>
            <Tooltip title="后移">
              <Button
                size="small"
                type="text"
                aria-label={`第 ${i + 1} 张后移`}
                icon={<ArrowRightOutlined />}
                disabled={i === value.length - 1}
                onClick={() => onChange?.(move(value, i, i + 1))}
              />
            </Tooltip>
            <Tooltip title="移除">
              <Button
                size="small"
                type="text"
                danger
                aria-label={`移除第 ${i + 1} 张`}
                icon={<DeleteOutlined />}
                onClick={() => onChange?.(value.filter((_, j) => j !== i))}
              />
            </Tooltip>
          </div>
        </div>
      ))}
      {room > 0 && (
        <Upload
          accept={IMAGE_TYPES.join(',')}
          multiple
          showUploadList={false}
          beforeUpload={(file) => {
            void add(file);
            return false;
          }}
        >
          <button
            type="button"
            aria-label={`上传${label}`}
            style={{
              width: 104,
              height: 104,
              border: '1px dashed #d9d9d9',
              borderRadius: 6,
              background: '#fafafa',
              cursor: 'pointer',
            }}
          >
            {uploading > 0 ? <Spin size="small" /> : <PlusOutlined />}
            <div style={{ marginTop: 8, fontSize: 12 }}>{uploading > 0 ? '上传中' : '上传图片'}</div>
          </button>
        </Upload>
      )}
      {uploading > 0 && room <= 0 && <Spin size="small" />}
    </Space>
  );
}
