/** What a storage driver does with bytes once the type and size checks have passed. */
export interface ObjectStore {
  write(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** NOT_FOUND when absent */
  read(key: string): Promise<Buffer>;
  /** no error when absent */
  remove(key: string): Promise<void>;
  url(key: string): string;
}
