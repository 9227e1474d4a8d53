// Frozen in time: this migration never imports application code. (custom fields and form layouts, issue #13)
//
// Custom fields are rows, never columns: adding, retiring or deleting a field is an INSERT/UPDATE of one
// definition row (no ALTER TABLE, no backfill), so it never rewrites or locks a 1M-row table.
//  - custom_fields: one definition per (entity, key); retired_at hides a field and keeps its values.
//  - <entity>_field_values: typed EAV, one row per (field, record, value); a multi-select stores one row
//    per chosen option. `value` is an ANY column holding a real SQLite INTEGER / REAL / TEXT (the service
//    writes each field type's one storage class), so comparisons and ranges are typed, not JSON text.
//    WITHOUT ROWID + index (field_id, value, record_id): a filter or sort on one field is a range of
//    that index; (record_id) serves the detail view and the cascade when a record is purged.
//  - form_layouts: per entity, the sections and field order of the create/edit form and detail page.
// customers.custom (added by 0002) stays as a read-through cache of the values for detail/list rows;
// the values tables are the truth for filters, sorting, uniqueness and reports (docs/decisions/custom-fields.md).
import type { Migration } from './types';

const valuesTable = (table: string, recordCol: string, parent: string) => `
  CREATE TABLE ${table} (
    field_id   INTEGER NOT NULL REFERENCES custom_fields(id) ON DELETE CASCADE,
    ${recordCol} INTEGER NOT NULL REFERENCES ${parent}(id) ON DELETE CASCADE,
    value      ANY NOT NULL,
    PRIMARY KEY (field_id, ${recordCol}, value)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX ${table}_value ON ${table}(field_id, value, ${recordCol});
  CREATE INDEX ${table}_record ON ${table}(${recordCol}, field_id);
`;

export const m0008_custom_fields: Migration = {
  version: 8,
  name: 'custom fields: definitions, typed per-entity values, form layouts',
  up(db) {
    db.exec(`
      CREATE TABLE custom_fields (
        id          INTEGER PRIMARY KEY,
        entity      TEXT NOT NULL CHECK (entity IN ('customer', 'deal', 'followUp')),
        key         TEXT NOT NULL,
        label_zh    TEXT NOT NULL,
        label_en    TEXT NOT NULL,
        type        TEXT NOT NULL CHECK (type IN ('text','longText','number','money','date','datetime','singleSelect','multiSelect','phone','email','url','boolean')),
        options     TEXT,
        required    INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0,1)),
        is_unique   INTEGER NOT NULL DEFAULT 0 CHECK (is_unique IN (0,1)),
        default_value TEXT,
        help        TEXT,
        position    INTEGER NOT NULL DEFAULT 0,
        hidden      INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0,1)),
        retired_at  TEXT,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        UNIQUE (entity, key)
      ) STRICT;
      CREATE INDEX custom_fields_entity ON custom_fields(entity, position, id);

      ${valuesTable('customer_field_values', 'customer_id', 'customers')}
      ${valuesTable('deal_field_values', 'deal_id', 'deals')}
      ${valuesTable('follow_up_field_values', 'follow_up_id', 'follow_ups')}

      CREATE TABLE form_layouts (
        entity     TEXT PRIMARY KEY CHECK (entity IN ('customer', 'deal', 'followUp')),
        layout     TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id)
      ) STRICT;
    `);
  },
};
