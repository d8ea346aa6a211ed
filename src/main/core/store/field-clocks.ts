/**
 * Reading a field's clock: the HLC of the write whose value a projection shows. A field that no
 * op has overwritten since its row was created has no field_clock row; the row's created_hlc
 * (set when the creating op wrote every column, see migration 6) is its clock.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Entity } from '../../../shared/ops';
import { PROJECTIONS } from './projections';

export class FieldClocks {
  private readonly byEntity = new Map<Entity, Statement>();

  constructor(private readonly db: Database) {}

  /** The HLC of the shown value (the base of the next local write to it), or null if never written. */
  get(entity: Entity, entityId: string, field: string): string | null {
    return (this.statement(entity).get({ id: entityId, field }) as string | null | undefined) ?? null;
  }

  private statement(entity: Entity): Statement {
    let stmt = this.byEntity.get(entity);
    if (!stmt) {
      // The table name comes from the fixed registry, never from input.
      stmt = this.db
        .prepare(
          `SELECT coalesce(
             (SELECT hlc FROM field_clock WHERE entity = '${entity}' AND entity_id = $id AND field = $field),
             (SELECT created_hlc FROM ${PROJECTIONS[entity].table} WHERE id = $id))`,
        )
        .pluck();
      this.byEntity.set(entity, stmt);
    }
    return stmt;
  }
}
