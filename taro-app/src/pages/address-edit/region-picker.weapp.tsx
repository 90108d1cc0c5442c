import { Picker, Text } from '@tarojs/components';

export type Region = [string, string, string];

/** WeChat's own province / city / district picker fills the three fields (they stay editable). */
export function RegionPicker({ value, onPick }: { value: Region; onPick: (region: Region) => void }) {
  return (
    <Picker
      mode="region"
      value={value.every(Boolean) ? value : []}
      onChange={(e) => {
        const [province = '', city = '', district = ''] = e.detail.value as string[];
        onPick([province, city, district]);
      }}
    >
      <Text className="address-edit__region">选择省 / 市 / 区 ›</Text>
    </Picker>
  );
}
