import { DataTypes, type QueryInterface } from 'sequelize';

/** Columns every table has; names are snake_case, times are UTC. */
export const id = { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true, allowNull: false };
export const timestamps = {
  created_at: { type: DataTypes.DATE, allowNull: false },
  updated_at: { type: DataTypes.DATE, allowNull: false },
};
/** Money is integer fen; BIGINT so that sums and ledgers never overflow. */
export const fen = (allowNull = false) => ({
  type: DataTypes.BIGINT,
  allowNull,
  ...(allowNull ? {} : { defaultValue: 0 }),
});

/** LONGTEXT on MySQL; SQLite has one TEXT type (and warns about the option). */
export const longText = (q: QueryInterface) =>
  q.sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('long');
