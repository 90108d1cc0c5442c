import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type StoreStatus = 'active' | 'suspended';
export type BindingStatus = 'active' | 'disabled';

export class Store extends Model<InferAttributes<Store>, InferCreationAttributes<Store>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare address: string;
  declare phone: string;
  /** 'HH:mm' in the shop's time zone; closesAt before opensAt means the store closes after midnight */
  declare opensAt: string;
  declare closesAt: string;
  declare status: CreationOptional<StoreStatus>;
  /** deleted stores stay as rows: orders and verifications keep pointing at them */
  declare deletedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A shopper who works in the mall's stores: one per shopper, the id of the `staff` principal. */
export class StaffMember extends Model<InferAttributes<StaffMember>, InferCreationAttributes<StaffMember>> {
  declare id: CreationOptional<number>;
  declare shopperId: number;
  declare name: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A staff member's binding to one store. */
export class StoreStaff extends Model<InferAttributes<StoreStaff>, InferCreationAttributes<StoreStaff>> {
  declare id: CreationOptional<number>;
  declare storeId: number;
  declare staffId: number;
  declare status: CreationOptional<BindingStatus>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initStoreModels(sequelize: Sequelize) {
  const id = { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true };
  Store.init(
    {
      id,
      name: { type: DataTypes.STRING(64), allowNull: false },
      address: { type: DataTypes.STRING(200), allowNull: false },
      phone: { type: DataTypes.STRING(32), allowNull: false },
      opensAt: { type: DataTypes.STRING(5), allowNull: false },
      closesAt: { type: DataTypes.STRING(5), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
      deletedAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'stores', underscored: true },
  );
  StaffMember.init(
    {
      id,
      shopperId: { type: DataTypes.BIGINT, allowNull: false, unique: true },
      name: { type: DataTypes.STRING(32), allowNull: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'staff_members', underscored: true },
  );
  StoreStaff.init(
    {
      id,
      storeId: { type: DataTypes.BIGINT, allowNull: false },
      staffId: { type: DataTypes.BIGINT, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'store_staff', underscored: true },
  );
}
