import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { useRef, useState } from 'react';
import { isApiError } from '../../services/api-error';
import { uploadImage } from '../../services/shop-api';
import { choosePhotos } from './choose-photos';
import './index.scss';

interface Photo {
  id: number;
  preview: string;
  status: 'uploading' | 'done' | 'failed';
  key?: string;
}

export interface PhotoUploadState {
  /** storage keys of the uploaded photos, in the order shown */
  keys: string[];
  uploading: boolean;
}

interface PhotoUploaderProps {
  max: number;
  onChange: (state: PhotoUploadState) => void;
}

/**
 * Pick photos (album or camera in WeChat, the file picker in a browser) and upload each at once through
 * POST /api/shop/uploads/images; the parent gets the keys to send with its request. A failed photo shows
 * 上传失败 and can be removed; the server refuses what is not an image or is too large.
 */
export function PhotoUploader({ max, onChange }: PhotoUploaderProps) {
  const [photos, setPhotos] = useState<Photo[]>([]);
  const nextId = useRef(1);
  const latest = useRef<Photo[]>([]);

  const commit = (next: Photo[]) => {
    latest.current = next;
    setPhotos(next);
    onChange({
      keys: next.filter((p) => p.status === 'done').map((p) => p.key!),
      uploading: next.some((p) => p.status === 'uploading'),
    });
  };
  const patch = (id: number, change: Partial<Photo>) =>
    commit(latest.current.map((p) => (p.id === id ? { ...p, ...change } : p)));

  const add = async () => {
    const room = max - latest.current.length;
    if (room <= 0) return;
    const chosen = await choosePhotos(room);
    const added = chosen.slice(0, room).map((c) => ({ ...c, id: nextId.current++ }));
    if (added.length === 0) return;
    commit([
      ...latest.current,
      ...added.map((a) => ({ id: a.id, preview: a.preview, status: 'uploading' as const })),
    ]);
    for (const a of added) {
      try {
        const file = await uploadImage(a.bytes);
        patch(a.id, { status: 'done', key: file.key });
      } catch (e) {
        patch(a.id, { status: 'failed' });
        void Taro.showToast({ title: isApiError(e) ? e.message : '图片上传失败', icon: 'none' });
      }
    }
  };

  const remove = (id: number) => commit(latest.current.filter((p) => p.id !== id));

  return (
    <View className="photo-uploader">
      {photos.map((p) => (
        <View key={p.id} className={`photo-uploader__item photo-uploader__item--${p.status}`}>
          <Image className="photo-uploader__image" src={p.preview} mode="aspectFill" />
          {p.status !== 'done' ? (
            <Text className="photo-uploader__state">{p.status === 'uploading' ? '上传中…' : '上传失败'}</Text>
          ) : null}
          <Text className="photo-uploader__remove" onClick={() => remove(p.id)}>
            ×
          </Text>
        </View>
      ))}
      {photos.length < max ? (
        <View className="photo-uploader__add" onClick={() => void add()}>
          <Text className="photo-uploader__plus">＋</Text>
          <Text className="photo-uploader__count">
            {photos.length}/{max}
          </Text>
        </View>
      ) : null}
    </View>
  );
}
