/** A picture the shopper picked: a local path to show it, and its bytes to upload. */
export interface ChosenPhoto {
  preview: string;
  bytes: ArrayBuffer;
}
