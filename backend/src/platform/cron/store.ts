import {
  DataTypes,
  Op,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Model,
  type ModelStatic,
  type Sequelize,
} from 'sequelize';
import { isUniqueViolation, type Tx } from '../db/tx';

export type CronRecordStatus = 'running' | 'done' | 'failed';

interface CronRunRow extends Model<InferAttributes<CronRunRow>, InferCreationAttributes<CronRunRow>> {
  id: CreationOptional<number>;
  job: string;
  period: string;
  status: CronRecordStatus;
  host: string;
  counts: string | null;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

interface CronKeyRow extends Model<InferAttributes<CronKeyRow>, InferCreationAttributes<CronKeyRow>> {
  id: CreationOptional<number>;
  job: string;
  subject: string;
  period: string;
  createdAt: Date;
}

interface CronModels {
  runs: ModelStatic<CronRunRow>;
  keys: ModelStatic<CronKeyRow>;
}

/** Column limits of the cron tables (migration 202611260001-platform). */
export const CRON_LIMITS = { job: 64, subject: 96, host: 128 } as const;

const modelsBySequelize = new WeakMap<Sequelize, CronModels>();

// sequelize.define (not Model.init on a class) so that several Sequelize instances in one process each get
// their own models.
function cronModels(sequelize: Sequelize): CronModels {
  let models = modelsBySequelize.get(sequelize);
  if (!models) {
    const id = { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true };
    const options = { underscored: true, timestamps: false };
    models = {
      runs: sequelize.define<CronRunRow>(
        'CronRun',
        {
          id,
          job: { type: DataTypes.STRING(CRON_LIMITS.job), allowNull: false },
          period: { type: DataTypes.STRING(32), allowNull: false },
          status: { type: DataTypes.STRING(16), allowNull: false },
          host: { type: DataTypes.STRING(CRON_LIMITS.host), allowNull: false },
          counts: { type: DataTypes.TEXT, allowNull: true },
          error: { type: DataTypes.TEXT, allowNull: true },
          startedAt: { type: DataTypes.DATE(3), allowNull: false },
          finishedAt: { type: DataTypes.DATE(3), allowNull: true },
        },
        { ...options, tableName: 'cron_runs' },
      ),
      keys: sequelize.define<CronKeyRow>(
        'CronKey',
        {
          id,
          job: { type: DataTypes.STRING(CRON_LIMITS.job), allowNull: false },
          subject: { type: DataTypes.STRING(CRON_LIMITS.subject), allowNull: false },
          period: { type: DataTypes.STRING(32), allowNull: false },
          createdAt: { type: DataTypes.DATE(3), allowNull: false },
        },
        { ...options, tableName: 'cron_keys' },
      ),
    };
    modelsBySequelize.set(sequelize, models);
  }
  return models;
}

/** Who holds a claimed run record: the row and the (host, startedAt) written when it was claimed. */
export interface RunClaim {
  id: number;
  host: string;
  startedAt: Date;
  /** the status the record had before this claim, when it existed (a retry, a takeover, a forced rerun) */
  previous?: CronRecordStatus;
}

export type ClaimResult = { claimed: true; claim: RunClaim } | { claimed: false; status: CronRecordStatus };

/** The SQL side of cron: run records (one per job and period) and idempotency keys. */
export class CronStore {
  private readonly models: CronModels;

  constructor(sequelize: Sequelize) {
    this.models = cronModels(sequelize);
  }

  /**
   * Claims the run record of (job, period). A new period inserts it. An existing record is claimed again
   * (compare-and-swap on its status and start time) when it failed, when it is still `running` (its process
   * died: the caller holds the job's lock, so nobody else is running it), or when `force` reruns a done period.
   */
  async claimRun(
    job: string,
    period: string,
    host: string,
    startedAt: Date,
    force: boolean,
  ): Promise<ClaimResult> {
    const { runs } = this.models;
    try {
      const row = await runs.create({
        job,
        period,
        status: 'running',
        host,
        startedAt,
        counts: null,
        error: null,
        finishedAt: null,
      });
      return { claimed: true, claim: { id: row.id, host, startedAt } };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
    const existing = await runs.findOne({ where: { job, period } });
    if (!existing) throw new Error(`cron run record ${job}/${period} vanished while claiming it`);
    if (existing.status === 'done' && !force) return { claimed: false, status: 'done' };
    const [moved] = await runs.update(
      { status: 'running', host, startedAt, counts: null, error: null, finishedAt: null },
      { where: { id: existing.id, status: existing.status, startedAt: existing.startedAt } },
    );
    if (moved === 0) return { claimed: false, status: 'running' };
    return { claimed: true, claim: { id: existing.id, host, startedAt, previous: existing.status } };
  }

  /** false when the record was claimed by someone else meanwhile (this process lost the job's lock) */
  async finishRun(
    claim: RunClaim,
    outcome: { status: 'done' | 'failed'; counts: Record<string, number>; error?: string; finishedAt: Date },
  ): Promise<boolean> {
    const [moved] = await this.models.runs.update(
      {
        status: outcome.status,
        counts: JSON.stringify(outcome.counts),
        error: outcome.error ?? null,
        finishedAt: outcome.finishedAt,
      },
      { where: { id: claim.id, host: claim.host, startedAt: claim.startedAt, status: 'running' } },
    );
    return moved === 1;
  }

  /** Writes the idempotency key in `tx`; false when (job, subject, period) already has one. */
  async insertKey(job: string, subject: string, period: string, createdAt: Date, tx: Tx): Promise<boolean> {
    try {
      await this.models.keys.create({ job, subject, period, createdAt }, { transaction: tx });
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  /** Deletes run records started and keys written before `cutoff`, in batches to keep transactions short. */
  async pruneBefore(cutoff: Date, batchSize = 1000): Promise<{ runs: number; keys: number }> {
    const runs = await deleteInBatches(this.models.runs, 'startedAt', cutoff, batchSize);
    const keys = await deleteInBatches(this.models.keys, 'createdAt', cutoff, batchSize);
    return { runs, keys };
  }
}

async function deleteInBatches<M extends CronRunRow | CronKeyRow>(
  model: ModelStatic<M>,
  column: 'startedAt' | 'createdAt',
  cutoff: Date,
  batchSize: number,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    // oldest first by id: ids grow with time, so each batch stops scanning soon after the old rows
    const rows = await model.findAll({
      attributes: ['id'],
      where: { [column]: { [Op.lt]: cutoff } },
      order: [['id', 'ASC']],
      limit: batchSize,
    });
    if (rows.length === 0) return deleted;
    deleted += await model.destroy({ where: { id: rows.map((r) => r.get('id') as number) } });
    if (rows.length < batchSize) return deleted;
  }
}
