export type Region = [string, string, string];

/** Browsers have no region picker here (Taro's H5 Picker has no `region` mode): the fields are typed. */
export function RegionPicker(_props: { value: Region; onPick: (region: Region) => void }) {
  return null;
}
